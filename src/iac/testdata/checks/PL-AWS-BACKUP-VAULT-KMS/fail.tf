# findings: 1
resource "aws_backup_vault" "primary" {
  name = "primary"
}
