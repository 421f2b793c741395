# findings: 2
resource "aws_lambda_function" "ingest" {
  function_name = "claims-ingest"
  role          = "arn:aws:iam::111122223333:role/claims-ingest"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "build/ingest.zip"
}

resource "aws_lambda_function" "export" {
  function_name = "claims-export"
  role          = "arn:aws:iam::111122223333:role/claims-export"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "build/export.zip"

  vpc_config {
    subnet_ids         = []
    security_group_ids = []
  }
}
