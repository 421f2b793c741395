resource "aws_s3_bucket" "records" {
  bucket = "acme-patient-records"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "records" {
  bucket = aws_s3_bucket.records.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm     = "aws:kms"
      kms_master_key_id = aws_kms_key.records.arn
    }
    bucket_key_enabled = true
  }
}

resource "aws_kms_key" "records" {
  description         = "S3 records key"
  enable_key_rotation = true
}

resource "aws_s3_bucket" "reports" {
  bucket = "acme-finance-reports"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "reports" {
  bucket = "acme-finance-reports"

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}
