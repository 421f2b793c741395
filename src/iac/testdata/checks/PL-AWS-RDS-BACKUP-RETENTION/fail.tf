# findings: 3
resource "aws_db_instance" "orders" {
  identifier                  = "orders"
  engine                      = "postgres"
  instance_class              = "db.t4g.medium"
  allocated_storage           = 50
  username                    = "orders_admin"
  manage_master_user_password = true
  backup_retention_period     = 3
}

resource "aws_db_instance" "billing" {
  identifier                  = "billing"
  engine                      = "mysql"
  instance_class              = "db.t4g.small"
  allocated_storage           = 20
  username                    = "billing"
  manage_master_user_password = true
}

resource "aws_rds_cluster" "ledger" {
  cluster_identifier          = "ledger"
  engine                      = "aurora-postgresql"
  master_username             = "ledger_admin"
  manage_master_user_password = true
  backup_retention_period     = 1
}
