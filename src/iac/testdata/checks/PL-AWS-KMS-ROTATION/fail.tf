# findings: 2
resource "aws_kms_key" "data" {
  description             = "Application data"
  deletion_window_in_days = 30
}

resource "aws_kms_key" "backups" {
  description              = "Backups"
  customer_master_key_spec = "SYMMETRIC_DEFAULT"
  enable_key_rotation      = false
}
