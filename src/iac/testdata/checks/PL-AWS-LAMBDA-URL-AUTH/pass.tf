resource "aws_lambda_function_url" "reports" {
  function_name      = "claims-reports"
  authorization_type = "AWS_IAM"
}
