# findings: 2
resource "aws_iam_policy" "admin" {
  name = "break-glass"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = "*"
      Resource = "*"
    }]
  })
}

resource "aws_iam_role_policy" "deployer" {
  name   = "deployer"
  role   = "ci-deployer"
  policy = <<-EOT
    {
      "Version": "2012-10-17",
      "Statement": [
        {"Effect": "Allow", "Action": "s3:PutObject", "Resource": "arn:aws:s3:::acme-artifacts/*"},
        {"Effect": "Allow", "Action": "*:*", "Resource": ["*"]}
      ]
    }
  EOT
}
