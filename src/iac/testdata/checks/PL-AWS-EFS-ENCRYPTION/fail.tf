# findings: 2
resource "aws_efs_file_system" "shared" {
  creation_token = "shared-home"
}

resource "aws_efs_file_system" "media" {
  creation_token = "media"
  encrypted      = false
}
