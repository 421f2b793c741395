resource "aws_cloudtrail" "org" {
  name                       = "org-trail"
  s3_bucket_name             = "acme-cloudtrail-logs"
  enable_logging             = true
  is_multi_region_trail      = true
  enable_log_file_validation = true
}

resource "aws_cloudtrail" "data_events" {
  name           = "data-events"
  s3_bucket_name = "acme-cloudtrail-logs"
}
