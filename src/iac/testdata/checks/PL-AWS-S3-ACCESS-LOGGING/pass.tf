resource "aws_s3_bucket" "records" {
  bucket = "acme-patient-records"
}

# The access-log bucket itself is exempt: it receives the logs.
resource "aws_s3_bucket" "access_logs" {
  bucket = "acme-s3-access-logs"
}

resource "aws_s3_bucket_logging" "records" {
  bucket        = aws_s3_bucket.records.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "records/"
}

resource "aws_s3_bucket" "reports" {
  bucket = "acme-finance-reports"
}

resource "aws_s3_bucket_logging" "reports" {
  bucket        = "acme-finance-reports"
  target_bucket = "acme-s3-access-logs"
  target_prefix = "reports/"
}
