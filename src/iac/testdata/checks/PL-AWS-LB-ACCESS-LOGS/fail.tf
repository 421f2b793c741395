# findings: 2
resource "aws_lb" "web" {
  name               = "web"
  load_balancer_type = "application"
  subnets            = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]

  access_logs {
    bucket = "acme-lb-logs"
    prefix = "web"
  }
}

resource "aws_lb" "ingest" {
  name               = "ingest"
  load_balancer_type = "network"
  internal           = true
  subnets            = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
}
