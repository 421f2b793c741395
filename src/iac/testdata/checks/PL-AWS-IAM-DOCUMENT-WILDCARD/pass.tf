data "aws_iam_policy_document" "reports_read" {
  statement {
    sid       = "ReadReports"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::acme-finance-reports/*"]
  }

  statement {
    sid       = "DenyEverythingElse"
    effect    = "Deny"
    actions   = ["*"]
    resources = ["*"]
    condition {
      test     = "StringNotEquals"
      variable = "aws:RequestedRegion"
      values   = ["eu-west-1"]
    }
  }
}
