# findings: 2
resource "aws_lambda_function" "ingest" {
  function_name = "claims-ingest"
  role          = "arn:aws:iam::111122223333:role/claims-ingest"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "build/ingest.zip"
}

resource "aws_lambda_function" "notify" {
  function_name = "claims-notify"
  role          = "arn:aws:iam::111122223333:role/claims-notify"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "build/notify.zip"
}

resource "aws_lambda_function_event_invoke_config" "notify" {
  function_name = aws_lambda_function.notify.function_name

  destination_config {
    on_success {
      destination = "arn:aws:sns:eu-west-1:111122223333:claims-notified"
    }
  }
}
