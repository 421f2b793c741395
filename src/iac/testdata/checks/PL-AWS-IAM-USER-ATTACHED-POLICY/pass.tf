resource "aws_iam_group" "developers" {
  name = "developers"
}

resource "aws_iam_group_policy_attachment" "developers" {
  group      = aws_iam_group.developers.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

resource "aws_iam_policy_attachment" "ci" {
  name       = "ci-deploy"
  roles      = ["ci-deployer"]
  groups     = [aws_iam_group.developers.name]
  policy_arn = "arn:aws:iam::111122223333:policy/deploy"
}
