resource "aws_s3_bucket" "records" {
  bucket = "acme-patient-records"
}

resource "aws_s3_bucket_versioning" "records" {
  bucket = aws_s3_bucket.records.id

  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket" "archive" {
  bucket = "acme-audit-archive"
}

resource "aws_s3_bucket_versioning" "archive" {
  bucket = "acme-audit-archive"

  versioning_configuration {
    status     = "Enabled"
    mfa_delete = "Enabled"
  }
}

resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy-exports"

  versioning {
    enabled = true
  }
}
