# findings: 2
resource "aws_db_instance" "reporting" {
  identifier                  = "reporting"
  engine                      = "mysql"
  engine_version              = "8.0"
  instance_class              = "db.t4g.small"
  allocated_storage           = 20
  username                    = "reporting"
  manage_master_user_password = true
  publicly_accessible         = true
}

resource "aws_rds_cluster_instance" "ledger_1" {
  identifier          = "ledger-1"
  cluster_identifier  = "ledger"
  instance_class      = "db.r6g.large"
  engine              = "aurora-postgresql"
  publicly_accessible = true
}
