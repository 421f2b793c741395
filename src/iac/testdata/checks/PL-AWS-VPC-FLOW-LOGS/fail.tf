# findings: 2
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}

resource "aws_subnet" "app" {
  vpc_id     = aws_vpc.main.id
  cidr_block = "10.0.1.0/24"
}

# A subnet's flow log does not cover the rest of the VPC.
resource "aws_flow_log" "app_subnet" {
  subnet_id            = aws_subnet.app.id
  traffic_type         = "REJECT"
  log_destination_type = "s3"
  log_destination      = "arn:aws:s3:::acme-flow-logs"
}

resource "aws_default_vpc" "default" {
}
