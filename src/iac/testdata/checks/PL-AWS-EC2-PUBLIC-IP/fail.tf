# findings: 3
resource "aws_subnet" "public_a" {
  vpc_id                  = "vpc-0a1b2c3d4e5f60001"
  cidr_block              = "10.0.100.0/24"
  map_public_ip_on_launch = true
}

resource "aws_instance" "app" {
  ami                         = "ami-0c55b159cbfafe1f0"
  instance_type               = "t3.medium"
  associate_public_ip_address = true
}

resource "aws_launch_template" "workers" {
  name_prefix   = "workers-"
  image_id      = "ami-0c55b159cbfafe1f0"
  instance_type = "m6i.large"

  network_interfaces {
    associate_public_ip_address = "true"
    subnet_id                   = "subnet-0a1b2c3d4e5f60001"
  }
}
