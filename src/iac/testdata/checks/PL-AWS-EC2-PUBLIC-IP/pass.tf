resource "aws_subnet" "private_a" {
  vpc_id                  = "vpc-0a1b2c3d4e5f60001"
  cidr_block              = "10.0.1.0/24"
  availability_zone       = "eu-west-1a"
  map_public_ip_on_launch = false
}

resource "aws_instance" "app" {
  ami                         = "ami-0c55b159cbfafe1f0"
  instance_type               = "t3.medium"
  subnet_id                   = aws_subnet.private_a.id
  associate_public_ip_address = false
}

resource "aws_launch_template" "workers" {
  name_prefix   = "workers-"
  image_id      = "ami-0c55b159cbfafe1f0"
  instance_type = "m6i.large"

  network_interfaces {
    associate_public_ip_address = false
    security_groups             = ["sg-0a1b2c3d4e5f60001"]
  }
}
