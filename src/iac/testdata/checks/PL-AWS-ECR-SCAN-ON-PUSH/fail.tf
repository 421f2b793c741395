# findings: 2
resource "aws_ecr_repository" "api" {
  name = "orders/api"

  image_scanning_configuration {
    scan_on_push = false
  }
}

resource "aws_ecr_repository" "worker" {
  name = "orders/worker"
}

resource "aws_ecr_registry_scanning_configuration" "registry" {
  scan_type = "ENHANCED"

  rule {
    scan_frequency = "SCAN_ON_PUSH"

    repository_filter {
      filter      = "prod-*"
      filter_type = "WILDCARD"
    }
  }
}
