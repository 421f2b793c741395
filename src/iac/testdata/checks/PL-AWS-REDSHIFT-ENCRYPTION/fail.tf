# findings: 2

resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier     = "warehouse"
  database_name          = "analytics"
  master_username        = "dw_admin"
  manage_master_password = true
  node_type              = "ra3.xlplus"
  cluster_type           = "multi-node"
  number_of_nodes        = 2
  publicly_accessible    = false
}

resource "aws_redshift_cluster" "finance_dw" {
  cluster_identifier     = "finance-dw"
  database_name          = "analytics"
  master_username        = "dw_admin"
  manage_master_password = true
  node_type              = "ra3.xlplus"
  cluster_type           = "multi-node"
  number_of_nodes        = 2
  encrypted              = false
}
