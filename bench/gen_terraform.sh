#!/usr/bin/env bash
# Writes a Terraform tree for the IaC benchmark: FILES .tf files (~2 KiB each) in root modules of
# ten files, each module with its locals (merge()d tags), S3 buckets with their separate
# encryption and public-access resources, RDS, EBS, IAM policies (jsonencode and heredoc),
# CloudTrail, and every tenth module calling a shared local module. About one resource in seven
# is deliberately non-compliant, so the scan has findings to report.
# Usage: bench/gen_terraform.sh DIR [FILES]     (default 1000 files)
set -euo pipefail
out=$1
files=${2:-1000}
mkdir -p "$out/modules/bucket"
cat >"$out/modules/bucket/main.tf" <<'TF'
variable "name" { type = string }
variable "tags" {
  type    = map(string)
  default = {}
}
resource "aws_s3_bucket" "this" {
  bucket = var.name
  tags   = var.tags
}
resource "aws_s3_bucket_server_side_encryption_configuration" "this" {
  bucket = aws_s3_bucket.this.id
  rule {
    apply_server_side_encryption_by_default { sse_algorithm = "aws:kms" }
  }
}
TF
for ((f = 0; f < files; f++)); do
  m=$((f / 10))
  dir="$out/service-$m"
  mkdir -p "$dir"
  file="$dir/part-$((f % 10)).tf"
  if ((f % 10 == 0)); then
    cat >"$file" <<TF
# Service $m: shared settings.
locals {
  common_tags = {
    Environment         = "production"
    Owner               = "team-$m@bank.example"
    ComplianceFramework = "SOX"
    ChangeTicket        = "CHG-$((10000 + m))"
    GitCommitSHA        = "0123456789abcdef0123456789abcdef0123456$((m % 10))"
    ApprovalReference   = "APR-$m"
  }
}
provider "aws" {
  region = "eu-west-1"
  default_tags { tags = { CostCentre = "cc-$m" } }
}
resource "aws_cloudtrail" "audit" {
  name                          = "audit-$m"
  s3_bucket_name                = aws_s3_bucket.b$f.id
  is_multi_region_trail         = true
  enable_log_file_validation    = $( ((m % 7 == 3)) && echo false || echo true )
  include_global_service_events = true
  tags                          = local.common_tags
}
TF
    if ((m % 10 == 0)); then
      cat >>"$file" <<TF
module "archive" {
  source = "../modules/bucket"
  name   = "archive-$m"
  tags   = merge(local.common_tags, { Name = "archive-$m" })
}
TF
    fi
  fi
  if ((f % 7 != 5)); then  # else: the bucket is left unencrypted
    cat >>"$file" <<TF
resource "aws_s3_bucket_server_side_encryption_configuration" "b$f" {
  bucket = aws_s3_bucket.b$f.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.k$f.arn
    }
    bucket_key_enabled = true
  }
}
TF
  fi
  cat >>"$file" <<TF
/* Storage for part $f of service $m.
   Reviewed under CHG-$((10000 + m)). */
resource "aws_s3_bucket" "b$f" {
  bucket = "bank-\${local.common_tags.Environment}-$f"
  tags   = merge(local.common_tags, { Name = "b$f", DataClass = "confidential" })
}
resource "aws_s3_bucket_public_access_block" "b$f" {
  bucket                  = aws_s3_bucket.b$f.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = $( ((f % 7 == 2)) && echo false || echo true )
}
resource "aws_kms_key" "k$f" {
  description         = "key for b$f"
  enable_key_rotation = true
  tags                = local.common_tags
}
resource "aws_db_instance" "db$f" {
  identifier        = "db-$f"
  engine            = "postgres"
  instance_class    = "db.t3.medium"
  allocated_storage = 20
  storage_encrypted = $( ((f % 7 == 4)) && echo false || echo true )
  kms_key_id        = aws_kms_key.k$f.arn
  tags              = local.common_tags
}
resource "aws_ebs_volume" "v$f" {
  availability_zone = "eu-west-1a"
  size              = 40
  encrypted         = true
  tags              = $( ((f % 7 == 6)) && echo '{ Name = "untagged" }' || echo 'local.common_tags' )
}
resource "aws_iam_policy" "read$f" {
  name = "read-b$f"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = $( ((f % 7 == 1)) && echo '"*"' || echo '["s3:GetObject", "s3:ListBucket"]' )
      Resource = $( ((f % 7 == 1)) && echo '"*"' || echo '["${aws_s3_bucket.b'$f'.arn}/*"]' )
    }]
  })
  tags = local.common_tags
}
resource "aws_iam_role_policy" "write$f" {
  name = "write-b$f"
  role = "app-$m"
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [{"Effect": "Allow", "Action": ["s3:PutObject"], "Resource": ["arn:aws:s3:::bank-$f/*"]}]
    }
  EOT
}
TF
done
