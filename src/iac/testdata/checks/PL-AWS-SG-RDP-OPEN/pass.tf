resource "aws_security_group" "windows" {
  name        = "windows-jump"
  description = "Windows jump host"
  vpc_id      = "vpc-0a1b2c3d4e5f60001"

  ingress {
    description = "RDP from the corporate VPN"
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = ["10.20.0.0/16"]
  }

  ingress {
    description = "HTTPS"
    from_port   = 443
    to_port     = 443
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_vpc_security_group_ingress_rule" "winrm" {
  security_group_id = aws_security_group.windows.id
  cidr_ipv4         = "0.0.0.0/0"
  from_port         = 5986
  to_port           = 5986
  ip_protocol       = "tcp"
}
