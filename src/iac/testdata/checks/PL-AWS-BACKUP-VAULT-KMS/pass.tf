resource "aws_kms_key" "backup" {
  description         = "AWS Backup vault key"
  enable_key_rotation = true
}

resource "aws_backup_vault" "primary" {
  name        = "primary"
  kms_key_arn = aws_kms_key.backup.arn
}
