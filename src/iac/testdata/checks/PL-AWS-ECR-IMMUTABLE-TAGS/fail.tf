# findings: 2
resource "aws_ecr_repository" "api" {
  name                 = "orders/api"
  image_tag_mutability = "MUTABLE"
}

resource "aws_ecr_repository" "worker" {
  name = "orders/worker"
}
