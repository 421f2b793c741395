# findings: 2
provider "aws" {
  region = "eu-west-1"
}

resource "aws_s3_bucket" "records" {
  bucket = "acme-patient-records"
}

resource "aws_instance" "app" {
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.medium"
  tags = {
    Environment = "production"
    Owner       = "platform-team"
  }
}
