# findings: 1
resource "aws_lambda_function_url" "webhook" {
  function_name      = "partner-webhook"
  authorization_type = "NONE"

  cors {
    allow_origins = ["*"]
    allow_methods = ["POST"]
  }
}
