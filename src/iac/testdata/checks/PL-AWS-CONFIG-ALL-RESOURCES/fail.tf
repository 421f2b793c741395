# findings: 1
resource "aws_config_configuration_recorder" "main" {
  name     = "default"
  role_arn = "arn:aws:iam::111122223333:role/aws-config"

  recording_group {
    all_supported  = false
    resource_types = ["AWS::EC2::Instance", "AWS::S3::Bucket"]
  }
}
