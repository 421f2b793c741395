# findings: 2
resource "aws_s3_bucket" "website" {
  bucket = "acme-marketing-site"
}

resource "aws_s3_bucket_acl" "website" {
  bucket = aws_s3_bucket.website.id
  acl    = "public-read"
}

resource "aws_s3_bucket" "dropbox" {
  bucket = "acme-partner-dropbox"
  acl    = "public-read-write"
}
