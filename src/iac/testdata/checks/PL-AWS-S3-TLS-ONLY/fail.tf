# findings: 2
resource "aws_s3_bucket" "records" {
  bucket = "acme-patient-records"
}

# Refusing old TLS versions does not refuse plain HTTP.
resource "aws_s3_bucket_policy" "records" {
  bucket = aws_s3_bucket.records.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyOldTls"
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:*"
      Resource  = [aws_s3_bucket.records.arn, "${aws_s3_bucket.records.arn}/*"]
      Condition = {
        NumericLessThan = { "s3:TlsVersion" = "1.2" }
      }
    }]
  })
}

resource "aws_s3_bucket" "uploads" {
  bucket = "acme-claim-uploads"
}
