# findings: 3
resource "aws_s3_bucket" "records" {
  bucket = "acme-patient-records"
}

resource "aws_s3_bucket_versioning" "records" {
  bucket = aws_s3_bucket.records.id

  versioning_configuration {
    status = "Suspended"
  }
}

resource "aws_s3_bucket" "scratch" {
  bucket = "acme-scratch"
}

resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy-exports"

  versioning {
    enabled = false
  }
}
