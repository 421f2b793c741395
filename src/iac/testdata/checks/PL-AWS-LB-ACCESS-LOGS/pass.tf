resource "aws_lb" "web" {
  name               = "web"
  load_balancer_type = "application"
  subnets            = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]

  access_logs {
    bucket  = "acme-lb-logs"
    prefix  = "web"
    enabled = true
  }
}

# Gateway load balancers have no access logs.
resource "aws_lb" "inspection" {
  name               = "inspection"
  load_balancer_type = "gateway"
  subnets            = ["subnet-0a1b2c3d4e5f60003"]
}
