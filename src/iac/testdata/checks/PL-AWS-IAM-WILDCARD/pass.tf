resource "aws_s3_bucket" "reports" {
  bucket = "acme-finance-reports"
}

resource "aws_iam_policy" "reports_read" {
  name = "reports-read"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:ListBucket"]
      Resource = [aws_s3_bucket.reports.arn, "${aws_s3_bucket.reports.arn}/*"]
    }]
  })
}

resource "aws_iam_role_policy" "guardrail" {
  name = "deny-direct-calls"
  role = "batch"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Deny"
      Action   = "*"
      Resource = "*"
      Condition = { Bool = { "aws:ViaAWSService" = "false" } }
    }]
  })
}
