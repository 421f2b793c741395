# findings: 2
resource "aws_kinesis_stream" "events" {
  name            = "payment-events"
  shard_count     = 2
  encryption_type = "NONE"
}

resource "aws_kinesis_stream" "clicks" {
  name = "clickstream"

  stream_mode_details {
    stream_mode = "ON_DEMAND"
  }
}
