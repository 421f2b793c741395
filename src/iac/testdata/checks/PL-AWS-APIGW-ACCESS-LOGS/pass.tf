resource "aws_cloudwatch_log_group" "api" {
  name              = "/apigateway/claims"
  retention_in_days = 365
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = "a1b2c3d4e5"
  deployment_id = "abc123"
  stage_name    = "prod"

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api.arn
    format          = "$context.requestId $context.identity.sourceIp $context.identity.caller $context.httpMethod $context.resourcePath $context.status"
  }
}

resource "aws_apigatewayv2_stage" "prod" {
  api_id      = "f6g7h8i9j0"
  name        = "prod"
  auto_deploy = true

  access_log_settings {
    destination_arn = aws_cloudwatch_log_group.api.arn
    format          = "$context.requestId $context.identity.sourceIp $context.routeKey $context.status"
  }
}
