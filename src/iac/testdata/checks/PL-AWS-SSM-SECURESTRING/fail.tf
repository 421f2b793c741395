# findings: 2
resource "aws_ssm_parameter" "db_password" {
  name  = "/orders/prod/db_password"
  type  = "String"
  value = var.db_password
}

resource "aws_ssm_parameter" "stripe" {
  name  = "/orders/prod/stripe-api-key"
  type  = "StringList"
  value = "sk_live_a,sk_live_b"
}

variable "db_password" {
  type      = string
  sensitive = true
}
