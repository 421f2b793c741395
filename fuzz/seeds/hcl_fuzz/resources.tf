# S3 bucket with separate encryption, tags merged from locals.
locals {
  tags = { Environment = "prod", Owner = "team@bank.example" }
}
resource "aws_s3_bucket" "logs" {
  bucket = "logs-${var.env}"
  tags   = merge(local.tags, { Name = "logs" })
  versioning { enabled = true }
}
resource "aws_s3_bucket_server_side_encryption_configuration" "logs" {
  bucket = aws_s3_bucket.logs.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}
