resource "aws_neptune_cluster" "graph" {
  cluster_identifier                  = "fraud-graph"
  engine                              = "neptune"
  backup_retention_period             = 7
  preferred_backup_window             = "02:00-03:00"
  iam_database_authentication_enabled = true
  storage_encrypted                   = true
  kms_key_arn                         = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}
