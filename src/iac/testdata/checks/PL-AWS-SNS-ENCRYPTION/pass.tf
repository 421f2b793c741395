resource "aws_sns_topic" "alerts" {
  name              = "security-alerts"
  kms_master_key_id = "alias/aws/sns"
}
