resource "aws_docdb_cluster" "catalog" {
  cluster_identifier      = "catalog"
  engine                  = "docdb"
  master_username         = "catalog_admin"
  master_password         = var.catalog_password
  backup_retention_period = 7
  storage_encrypted       = true
  kms_key_id              = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

variable "catalog_password" {
  type      = string
  sensitive = true
}
