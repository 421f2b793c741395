# findings: 2
resource "aws_secretsmanager_secret" "db" {
  name = "orders/prod/db"
}

resource "aws_secretsmanager_secret" "api_key" {
  name = "orders/prod/partner-api-key"
}

resource "aws_secretsmanager_secret_rotation" "other" {
  secret_id           = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:billing/prod/db-AbCdEf"
  rotation_lambda_arn = "arn:aws:lambda:eu-west-1:111122223333:function:rotate-postgres"

  rotation_rules {
    automatically_after_days = 30
  }
}
