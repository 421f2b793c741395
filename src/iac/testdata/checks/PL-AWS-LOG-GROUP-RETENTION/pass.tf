resource "aws_cloudwatch_log_group" "app" {
  name              = "/ecs/orders"
  retention_in_days = 365
}

resource "aws_cloudwatch_log_group" "audit" {
  name              = "/audit/ledger"
  retention_in_days = 2557
}

resource "aws_cloudwatch_log_group" "trail" {
  name              = "/aws/cloudtrail/org"
  retention_in_days = 0
}
