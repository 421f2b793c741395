# findings: 2
resource "aws_ebs_encryption_by_default" "account" {
  enabled = false
}

resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 100
  encrypted         = true
}

resource "aws_ebs_volume" "scratch" {
  availability_zone = "eu-west-1b"
  size              = 50
}
