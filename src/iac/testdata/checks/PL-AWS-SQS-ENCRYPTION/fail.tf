# findings: 2
resource "aws_sqs_queue" "claims" {
  name                    = "claims-intake"
  sqs_managed_sse_enabled = true
}

resource "aws_sqs_queue" "notifications" {
  name                    = "notifications"
  sqs_managed_sse_enabled = false
}
