# findings: 3
resource "aws_security_group" "debug" {
  name        = "debug"
  description = "Temporary debugging access"
  vpc_id      = "vpc-0a1b2c3d4e5f60001"

  ingress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group_rule" "everything_v6" {
  type              = "ingress"
  from_port         = 0
  to_port           = 0
  protocol          = "all"
  ipv6_cidr_blocks  = ["::/0"]
  security_group_id = aws_security_group.debug.id
}

resource "aws_vpc_security_group_ingress_rule" "all_tcp" {
  security_group_id = aws_security_group.debug.id
  cidr_ipv4         = "0.0.0.0/0"
  from_port         = 0
  to_port           = 65535
  ip_protocol       = "tcp"
}
