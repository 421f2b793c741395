resource "aws_db_subnet_group" "private" {
  name       = "orders-private"
  subnet_ids = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
}

resource "aws_db_instance" "orders" {
  identifier                  = "orders"
  engine                      = "postgres"
  engine_version              = "16.3"
  instance_class              = "db.t4g.medium"
  allocated_storage           = 50
  username                    = "orders_admin"
  manage_master_user_password = true
  db_subnet_group_name        = aws_db_subnet_group.private.name
  publicly_accessible         = false
  storage_encrypted           = true
}

resource "aws_rds_cluster_instance" "ledger_1" {
  identifier         = "ledger-1"
  cluster_identifier = "ledger"
  instance_class     = "db.r6g.large"
  engine             = "aurora-postgresql"
}
