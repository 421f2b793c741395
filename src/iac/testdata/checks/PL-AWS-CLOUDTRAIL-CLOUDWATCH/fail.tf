# findings: 2
resource "aws_cloudtrail" "org" {
  name                  = "org-trail"
  s3_bucket_name        = "acme-cloudtrail-logs"
  is_multi_region_trail = true
}

resource "aws_cloudtrail" "data_events" {
  name                       = "data-events"
  s3_bucket_name             = "acme-cloudtrail-logs"
  cloud_watch_logs_group_arn = "arn:aws:logs:eu-west-1:111122223333:log-group:/aws/cloudtrail/data:*"
}
