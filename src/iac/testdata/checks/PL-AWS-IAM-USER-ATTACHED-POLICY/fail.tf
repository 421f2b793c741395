# findings: 2
resource "aws_iam_user" "bob" {
  name = "bob"
}

resource "aws_iam_user_policy_attachment" "bob" {
  user       = aws_iam_user.bob.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_policy_attachment" "ci" {
  name       = "ci-deploy"
  users      = ["ci-bot"]
  policy_arn = "arn:aws:iam::111122223333:policy/deploy"
}
