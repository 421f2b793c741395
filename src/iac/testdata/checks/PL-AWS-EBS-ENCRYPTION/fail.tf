# findings: 2
resource "aws_ebs_encryption_by_default" "account" {
  enabled = false
}

resource "aws_ebs_volume" "scratch" {
  availability_zone = "eu-west-1a"
  size              = 50
  encrypted         = false
}

resource "aws_ebs_volume" "cache" {
  availability_zone = "eu-west-1b"
  size              = 20
  type              = "gp3"
}
