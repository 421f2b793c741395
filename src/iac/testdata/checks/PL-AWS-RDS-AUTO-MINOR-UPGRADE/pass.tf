resource "aws_db_instance" "orders" {
  identifier                  = "orders"
  engine                      = "postgres"
  instance_class              = "db.t4g.medium"
  allocated_storage           = 50
  username                    = "orders_admin"
  manage_master_user_password = true
  auto_minor_version_upgrade  = true
  maintenance_window          = "sun:03:00-sun:04:00"
}

resource "aws_rds_cluster_instance" "ledger_1" {
  identifier         = "ledger-1"
  cluster_identifier = "ledger"
  instance_class     = "db.r6g.large"
  engine             = "aurora-postgresql"
}
