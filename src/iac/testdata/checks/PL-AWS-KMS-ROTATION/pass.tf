resource "aws_kms_key" "data" {
  description             = "Application data"
  enable_key_rotation     = true
  rotation_period_in_days = 180
  deletion_window_in_days = 30
}

# Asymmetric and HMAC keys cannot be rotated by KMS.
resource "aws_kms_key" "signing" {
  description              = "Release signing"
  customer_master_key_spec = "RSA_3072"
  key_usage                = "SIGN_VERIFY"
}

resource "aws_kms_key" "tokens" {
  description              = "Session token MAC"
  customer_master_key_spec = "HMAC_256"
  key_usage                = "GENERATE_VERIFY_MAC"
}
