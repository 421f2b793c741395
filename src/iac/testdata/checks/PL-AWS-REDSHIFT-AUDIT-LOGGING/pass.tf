resource "aws_redshift_cluster" "warehouse" {
  cluster_identifier     = "warehouse"
  database_name          = "analytics"
  master_username        = "dw_admin"
  manage_master_password = true
  node_type              = "ra3.xlplus"
  cluster_type           = "multi-node"
  number_of_nodes        = 2
  encrypted              = true
}

resource "aws_redshift_logging" "warehouse" {
  cluster_identifier   = aws_redshift_cluster.warehouse.id
  log_destination_type = "cloudwatch"
  log_exports          = ["connectionlog", "userlog", "useractivitylog"]
}

resource "aws_redshift_cluster" "finance_dw" {
  cluster_identifier     = "finance-dw"
  database_name          = "analytics"
  master_username        = "dw_admin"
  manage_master_password = true
  node_type              = "ra3.xlplus"
  cluster_type           = "multi-node"
  number_of_nodes        = 2
  encrypted              = true
}

resource "aws_redshift_logging" "finance_dw" {
  cluster_identifier   = "finance-dw"
  log_destination_type = "s3"
  bucket_name          = "acme-redshift-audit"
  s3_key_prefix        = "finance-dw/"
}
