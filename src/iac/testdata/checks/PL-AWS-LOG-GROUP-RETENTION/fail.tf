# findings: 2
resource "aws_cloudwatch_log_group" "app" {
  name              = "/ecs/orders"
  retention_in_days = 90
}

resource "aws_cloudwatch_log_group" "audit" {
  name = "/audit/ledger"
}
