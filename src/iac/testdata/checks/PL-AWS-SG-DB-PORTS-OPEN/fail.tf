# findings: 3
resource "aws_security_group" "db" {
  name        = "orders-db"
  description = "Orders database"
  vpc_id      = "vpc-0a1b2c3d4e5f60001"

  ingress {
    from_port   = 5432
    to_port     = 5432
    protocol    = "tcp"
    cidr_blocks = ["0.0.0.0/0"]
  }
}

resource "aws_security_group_rule" "redis" {
  type              = "ingress"
  from_port         = 6379
  to_port           = 6379
  protocol          = "tcp"
  cidr_blocks       = ["0.0.0.0/0"]
  security_group_id = aws_security_group.db.id
}

resource "aws_vpc_security_group_ingress_rule" "mongo_v6" {
  security_group_id = aws_security_group.db.id
  cidr_ipv6         = "::/0"
  from_port         = 27017
  to_port           = 27017
  ip_protocol       = "tcp"
}
