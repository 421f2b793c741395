# findings: 1
resource "aws_guardduty_detector" "main" {
  enable = false
}
