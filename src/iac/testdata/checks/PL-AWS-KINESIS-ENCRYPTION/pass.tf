resource "aws_kinesis_stream" "events" {
  name             = "payment-events"
  shard_count      = 2
  retention_period = 48
  encryption_type  = "KMS"
  kms_key_id       = "alias/aws/kinesis"
}
