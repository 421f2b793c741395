resource "aws_kms_key" "ebs" {
  description         = "EBS volume key"
  enable_key_rotation = true
}

resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 100
  type              = "gp3"
  encrypted         = true
  kms_key_id        = aws_kms_key.ebs.arn
}
