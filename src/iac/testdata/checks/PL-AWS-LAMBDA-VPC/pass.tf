resource "aws_lambda_function" "ingest" {
  function_name = "claims-ingest"
  role          = "arn:aws:iam::111122223333:role/claims-ingest"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "build/ingest.zip"

  vpc_config {
    subnet_ids         = ["subnet-0a1b2c3d4e5f60001", "subnet-0a1b2c3d4e5f60002"]
    security_group_ids = ["sg-0a1b2c3d4e5f60001"]
  }
}
