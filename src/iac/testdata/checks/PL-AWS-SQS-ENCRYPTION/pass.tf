resource "aws_kms_key" "queues" {
  description         = "SQS queues"
  enable_key_rotation = true
}

resource "aws_sqs_queue" "claims" {
  name                              = "claims-intake"
  kms_master_key_id                 = aws_kms_key.queues.arn
  kms_data_key_reuse_period_seconds = 300
}
