# findings: 2
resource "aws_s3_bucket" "records" {
  bucket = "acme-patient-records"
}

resource "aws_s3_bucket" "uploads" {
  bucket = "acme-claim-uploads"
}

resource "aws_s3_bucket_logging" "other" {
  bucket        = "acme-some-other-bucket"
  target_bucket = "acme-central-access-logs"
  target_prefix = "other/"
}
