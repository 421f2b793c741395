resource "aws_s3_bucket" "records" {
  bucket = "acme-patient-records"
}

resource "aws_s3_bucket_ownership_controls" "records" {
  bucket = aws_s3_bucket.records.id

  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket" "legacy" {
  bucket = "acme-legacy-exports"
}

resource "aws_s3_bucket_acl" "legacy" {
  bucket = aws_s3_bucket.legacy.id
  acl    = "private"
}
