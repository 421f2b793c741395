resource "aws_kms_key" "rds" {
  description         = "RDS storage key"
  enable_key_rotation = true
}

resource "aws_db_instance" "orders" {
  identifier                  = "orders"
  engine                      = "postgres"
  engine_version              = "16.3"
  instance_class              = "db.t4g.medium"
  allocated_storage           = 50
  username                    = "orders_admin"
  manage_master_user_password = true
  storage_encrypted           = true
  kms_key_id                  = aws_kms_key.rds.arn
}

resource "aws_rds_cluster" "ledger" {
  cluster_identifier          = "ledger"
  engine                      = "aurora-postgresql"
  master_username             = "ledger_admin"
  manage_master_user_password = true
  storage_encrypted           = true
}
