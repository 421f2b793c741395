resource "aws_db_instance" "orders" {
  identifier                          = "orders"
  engine                              = "postgres"
  instance_class                      = "db.t4g.medium"
  allocated_storage                   = 50
  username                            = "orders_admin"
  manage_master_user_password         = true
  iam_database_authentication_enabled = true
}

resource "aws_rds_cluster" "ledger" {
  cluster_identifier                  = "ledger"
  engine                              = "aurora-mysql"
  master_username                     = "ledger_admin"
  manage_master_user_password         = true
  iam_database_authentication_enabled = true
}

# SQL Server has no IAM database authentication.
resource "aws_db_instance" "erp" {
  identifier                  = "erp"
  engine                      = "sqlserver-se"
  license_model               = "license-included"
  instance_class              = "db.m6i.xlarge"
  allocated_storage           = 200
  username                    = "erp_admin"
  manage_master_user_password = true
}
