resource "aws_ebs_encryption_by_default" "account" {
  enabled = true
}

resource "aws_ebs_default_kms_key" "account" {
  key_arn = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}

resource "aws_ebs_volume" "data" {
  availability_zone = "eu-west-1a"
  size              = 100
  type              = "gp3"
}
