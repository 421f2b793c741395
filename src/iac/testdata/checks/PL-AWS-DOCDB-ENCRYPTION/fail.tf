# findings: 2
resource "aws_docdb_cluster" "catalog" {
  cluster_identifier = "catalog"
  engine             = "docdb"
  master_username    = "catalog_admin"
  master_password    = var.catalog_password
}

resource "aws_docdb_cluster" "sessions" {
  cluster_identifier = "sessions"
  master_username    = "sessions_admin"
  master_password    = var.catalog_password
  storage_encrypted  = false
}

variable "catalog_password" {
  type      = string
  sensitive = true
}
