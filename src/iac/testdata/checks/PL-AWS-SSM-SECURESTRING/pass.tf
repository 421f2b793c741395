resource "aws_ssm_parameter" "db_password" {
  name   = "/orders/prod/db_password"
  type   = "SecureString"
  value  = var.db_password
  key_id = "alias/parameters"
}

resource "aws_ssm_parameter" "api_url" {
  name  = "/orders/prod/api_url"
  type  = "String"
  value = "https://api.example.com"
}

# A name only known at apply time is not guessed at.
resource "aws_ssm_parameter" "service_token" {
  name  = "/${var.service}/token"
  type  = "String"
  value = "not-a-secret"
}

variable "service" {
  type = string
}

variable "db_password" {
  type      = string
  sensitive = true
}
