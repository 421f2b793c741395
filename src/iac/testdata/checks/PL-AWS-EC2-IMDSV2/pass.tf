resource "aws_instance" "app" {
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.medium"

  metadata_options {
    http_endpoint               = "enabled"
    http_tokens                 = "required"
    http_put_response_hop_limit = 1
  }
}

resource "aws_launch_template" "batch" {
  name_prefix   = "batch-"
  image_id      = "ami-0c55b159cbfafe1f0"
  instance_type = "c6i.large"

  metadata_options {
    http_endpoint = "disabled"
  }
}

# The account default requires tokens for instances that do not say otherwise.
resource "aws_ec2_instance_metadata_defaults" "account" {
  http_tokens                 = "required"
  http_put_response_hop_limit = 2
}

resource "aws_instance" "worker" {
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.small"
}
