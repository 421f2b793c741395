# findings: 1
data "aws_iam_policy_document" "ops" {
  statement {
    sid       = "Everything"
    actions   = ["*"]
    resources = ["*"]
  }
}
