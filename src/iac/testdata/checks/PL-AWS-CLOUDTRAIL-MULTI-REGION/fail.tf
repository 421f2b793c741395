# findings: 2
resource "aws_cloudtrail" "regional" {
  name                  = "eu-west-1-trail"
  s3_bucket_name        = "acme-cloudtrail-logs"
  is_multi_region_trail = false
}

resource "aws_cloudtrail" "legacy" {
  name           = "legacy-trail"
  s3_bucket_name = "acme-cloudtrail-logs"
}
