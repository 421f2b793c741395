resource "aws_sqs_queue" "ingest_dlq" {
  name              = "claims-ingest-dlq"
  kms_master_key_id = "alias/aws/sqs"
}

resource "aws_lambda_function" "ingest" {
  function_name = "claims-ingest"
  role          = "arn:aws:iam::111122223333:role/claims-ingest"
  runtime       = "python3.12"
  handler       = "app.handler"
  filename      = "build/ingest.zip"

  dead_letter_config {
    target_arn = aws_sqs_queue.ingest_dlq.arn
  }
}

resource "aws_lambda_function" "notify" {
  function_name = "claims-notify"
  role          = "arn:aws:iam::111122223333:role/claims-notify"
  runtime       = "nodejs20.x"
  handler       = "index.handler"
  filename      = "build/notify.zip"
}

resource "aws_lambda_function_event_invoke_config" "notify" {
  function_name                = aws_lambda_function.notify.function_name
  maximum_retry_attempts       = 2
  maximum_event_age_in_seconds = 3600

  destination_config {
    on_failure {
      destination = aws_sqs_queue.ingest_dlq.arn
    }
  }
}
