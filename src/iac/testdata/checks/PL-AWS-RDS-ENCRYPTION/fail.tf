# findings: 2
resource "aws_db_instance" "legacy" {
  identifier          = "legacy-billing"
  engine              = "mysql"
  engine_version      = "8.0"
  instance_class      = "db.t3.small"
  allocated_storage   = 20
  username            = "billing"
  password            = var.billing_password
  skip_final_snapshot = true
}

resource "aws_rds_cluster" "analytics" {
  cluster_identifier          = "analytics"
  engine                      = "aurora-mysql"
  master_username             = "analytics"
  manage_master_user_password = true
  storage_encrypted           = false
}

variable "billing_password" {
  type      = string
  sensitive = true
}
