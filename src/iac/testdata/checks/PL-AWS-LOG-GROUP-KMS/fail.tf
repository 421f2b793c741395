# findings: 1
resource "aws_cloudwatch_log_group" "app" {
  name              = "/ecs/orders"
  retention_in_days = 365
}
