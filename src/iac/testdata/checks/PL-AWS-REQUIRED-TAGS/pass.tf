provider "aws" {
  region = "eu-west-1"

  default_tags {
    tags = {
      Environment         = "production"
      Owner               = "platform-team"
      ComplianceFramework = "SOX"
      ChangeTicket        = "CHG-1042"
      GitCommitSHA        = "3f9c2a1"
      ApprovalReference   = "CAB-2024-118"
    }
  }
}

resource "aws_s3_bucket" "records" {
  bucket = "acme-patient-records"
  tags = {
    Name = "records"
  }
}

resource "aws_instance" "app" {
  ami           = "ami-0c55b159cbfafe1f0"
  instance_type = "t3.medium"
}
