# The payments service's infrastructure (the demo copies it into its repository). Every resource
# carries the compliance tags through the provider's default_tags and local.tags; data at rest is
# encrypted with the service's KMS key; the database is backed up, protected from deletion and
# logs to CloudWatch; CloudTrail records every region with log validation, encrypted, into
# CloudWatch Logs kept for over a year.
locals {
  tags = {
    Environment         = "production"
    Owner               = "payments-team@bank.example"
    ComplianceFramework = "SOX,PCI-DSS"
    ChangeTicket        = var.change_ticket
    GitCommitSHA        = var.git_commit
    ApprovalReference   = var.approval_reference
  }
}

variable "change_ticket" {
  type    = string
  default = "SOX-7731"
}
variable "git_commit" {
  type    = string
  default = "set-by-the-pipeline"
}
variable "approval_reference" {
  type    = string
  default = "CHG-pending"
}

provider "aws" {
  region = "eu-west-1"
  default_tags {
    tags = local.tags
  }
}

resource "aws_kms_key" "payments" {
  description         = "payments data at rest"
  enable_key_rotation = true
}

resource "aws_db_instance" "ledger" {
  identifier                          = "payments-ledger"
  engine                              = "postgres"
  instance_class                      = "db.r6g.large"
  allocated_storage                   = 100
  storage_encrypted                   = true
  kms_key_id                          = aws_kms_key.payments.arn
  backup_retention_period             = 35
  deletion_protection                 = true
  iam_database_authentication_enabled = true
  enabled_cloudwatch_logs_exports     = ["postgresql", "upgrade"]
}

module "audit_logs" {
  source  = "./modules/audit-bucket"
  name    = "payments-audit-logs"
  kms_key = aws_kms_key.payments.arn
  tags    = merge(local.tags, { DataClass = "audit" })

  access_log_bucket = "bank-org-s3-access-logs"
}

resource "aws_cloudwatch_log_group" "trail" {
  name              = "/payments/cloudtrail"
  retention_in_days = 400
  kms_key_id        = aws_kms_key.payments.arn
}

resource "aws_iam_role" "trail_to_logs" {
  name = "payments-cloudtrail-to-logs"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "cloudtrail.amazonaws.com" }
    }]
  })
}

resource "aws_cloudtrail" "payments" {
  name                       = "payments-trail"
  s3_bucket_name             = module.audit_logs.bucket
  is_multi_region_trail      = true
  enable_log_file_validation = true
  kms_key_id                 = aws_kms_key.payments.arn
  cloud_watch_logs_group_arn = "${aws_cloudwatch_log_group.trail.arn}:*"
  cloud_watch_logs_role_arn  = aws_iam_role.trail_to_logs.arn
}
