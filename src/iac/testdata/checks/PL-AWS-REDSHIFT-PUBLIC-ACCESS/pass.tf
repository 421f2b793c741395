resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier     = "warehouse"
  database_name          = "analytics"
  master_username        = "dw_admin"
  manage_master_password = true
  node_type              = "ra3.xlplus"
  cluster_type           = "multi-node"
  number_of_nodes        = 2
  encrypted              = true
  publicly_accessible    = false
  vpc_security_group_ids = ["sg-0a1b2c3d4e5f60001"]
}
