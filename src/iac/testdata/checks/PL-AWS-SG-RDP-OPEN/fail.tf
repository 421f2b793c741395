# findings: 3
resource "aws_security_group" "windows" {
  name        = "windows-jump"
  description = "Windows jump host"
  vpc_id      = "vpc-0a1b2c3d4e5f60001"

  ingress {
    from_port   = 3389
    to_port     = 3389
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group_rule" "rdp_range" {
  type              = "ingress"
  from_port         = 3380
  to_port           = 3390
  protocol          = "tcp"
  cidr_blocks       = ["10.0.0.0/8", "0.0.0.0/0"]
  security_group_id = aws_security_group.windows.id
}

resource "aws_vpc_security_group_ingress_rule" "rdp_v6" {
  security_group_id = aws_security_group.windows.id
  cidr_ipv6         = "::/0"
  from_port         = 3389
  to_port           = 3389
  ip_protocol       = "tcp"
}
