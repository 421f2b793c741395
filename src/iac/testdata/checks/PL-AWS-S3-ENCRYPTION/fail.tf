# findings: 2
resource "aws_s3_bucket" "records" {
  bucket = "acme-patient-records"
}

resource "aws_s3_bucket_server_side_encryption_configuration" "records" {
  bucket = aws_s3_bucket.records.id

  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "aws:kms"
    }
  }
}

resource "aws_s3_bucket" "exports" {
  bucket = "acme-data-exports"
}

resource "aws_s3_bucket" "scratch" {
  bucket = "acme-scratch"
}
