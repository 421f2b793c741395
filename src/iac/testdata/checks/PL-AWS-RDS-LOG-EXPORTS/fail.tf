# findings: 2
resource "aws_db_instance" "orders" {
  identifier                      = "orders"
  engine                          = "postgres"
  instance_class                  = "db.t4g.medium"
  allocated_storage               = 50
  username                        = "orders_admin"
  manage_master_user_password     = true
  enabled_cloudwatch_logs_exports = []
}

resource "aws_rds_cluster" "ledger" {
  cluster_identifier          = "ledger"
  engine                      = "aurora-mysql"
  master_username             = "ledger_admin"
  manage_master_user_password = true
}
