# findings: 1
resource "aws_sns_topic" "alerts" {
  name = "security-alerts"
}
