# findings: 2
resource "aws_cloudtrail" "org" {
  name                       = "org-trail"
  s3_bucket_name             = "acme-cloudtrail-logs"
  enable_log_file_validation = false
}

resource "aws_cloudtrail" "legacy" {
  name           = "legacy-trail"
  s3_bucket_name = "acme-cloudtrail-logs"
}
