resource "aws_security_group" "bastion" {
  name        = "bastion"
  description = "Administrative access from the corporate network"
  vpc_id      = "vpc-0a1b2c3d4e5f60001"

  ingress {
    description = "SSH from the corporate VPN"
    from_port   = 22
    to_port     = 22
    protocol    = "tcp"
    cidr_blocks = ["10.0.0.0/8"]
  }

  ingress {
    description      = "HTTPS from anywhere"
    from_port        = 443
    to_port          = 443
    protocol         = "tcp"
    cidr_blocks      = ["0.0.0.0/0"]
    ipv6_cidr_blocks = ["::/0"]
  }

  egress {
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group_rule" "git_ssh_out" {
  type              = "egress"
  from_port         = 22
  to_port           = 22
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.bastion.id
}

resource "aws_vpc_security_group_ingress_rule" "ssh_partner" {
  security_group_id = aws_security_group.bastion.id
  cidr_ipv4         = "192.0.2.0/24"
  from_port         = 22
  to_port           = 22
  ip_protocol       = "tcp"
}

resource "aws_security_group_rule" "syslog_udp" {
  type              = "ingress"
  from_port         = 0
  to_port           = 1024
  protocol          = "udp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.bastion.id
}
