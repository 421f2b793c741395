resource "aws_iam_group" "auditors" {
  name = "auditors"
}

resource "aws_iam_group_policy" "auditors" {
  name  = "read-audit-logs"
  group = aws_iam_group.auditors.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["s3:GetObject", "s3:ListBucket"]
      Resource = ["arn:aws:s3:::acme-cloudtrail-logs", "arn:aws:s3:::acme-cloudtrail-logs/*"]
    }]
  })
}

resource "aws_iam_user" "alice" {
  name = "alice"
}

resource "aws_iam_user_group_membership" "alice" {
  user   = aws_iam_user.alice.name
  groups = [aws_iam_group.auditors.name]
}
