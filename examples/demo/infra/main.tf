# The payments service's infrastructure (the demo copies it into its repository). Every resource
# carries the compliance tags through the provider's default_tags and local.tags; data at rest is
# encrypted with the service's KMS key; CloudTrail records every region with log validation.
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
  identifier        = "payments-ledger"
  engine            = "postgres"
  instance_class    = "db.r6g.large"
  allocated_storage = 100
  storage_encrypted = true
  kms_key_id        = aws_kms_key.payments.arn
}

module "audit_logs" {
  source  = "./modules/audit-bucket"
  name    = "payments-audit-logs"
  kms_key = aws_kms_key.payments.arn
  tags    = merge(local.tags, { DataClass = "audit" })
}

resource "aws_cloudtrail" "payments" {
  name                       = "payments-trail"
  s3_bucket_name             = module.audit_logs.bucket
  is_multi_region_trail      = true
  enable_log_file_validation = true
}
