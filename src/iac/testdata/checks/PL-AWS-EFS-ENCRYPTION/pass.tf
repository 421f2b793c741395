resource "aws_efs_file_system" "shared" {
  creation_token   = "shared-home"
  performance_mode = "generalPurpose"
  encrypted        = true
  kms_key_id       = "arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
}
