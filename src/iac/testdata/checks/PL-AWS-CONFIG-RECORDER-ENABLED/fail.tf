# findings: 2
provider "aws" {
  region = "eu-west-1"
}

provider "aws" {
  alias  = "us"
  region = "us-east-1"
}

resource "aws_config_configuration_recorder" "main" {
  name     = "default"
  role_arn = "arn:aws:iam::111122223333:role/aws-config"
}

resource "aws_config_configuration_recorder_status" "main" {
  name       = aws_config_configuration_recorder.main.name
  is_enabled = false
}

resource "aws_config_configuration_recorder" "us" {
  provider = aws.us
  name     = "default-us"
  role_arn = "arn:aws:iam::111122223333:role/aws-config"
}
