resource "aws_ecr_repository" "api" {
  name                 = "orders/api"
  image_tag_mutability = "IMMUTABLE"

  image_scanning_configuration {
    scan_on_push = true
  }
}

# Covered by the registry-wide enhanced scanning rule below.
resource "aws_ecr_repository" "worker" {
  name                 = "orders/worker"
  image_tag_mutability = "IMMUTABLE"
}

resource "aws_ecr_registry_scanning_configuration" "registry" {
  scan_type = "ENHANCED"

  rule {
    scan_frequency = "CONTINUOUS_SCAN"

    repository_filter {
      filter      = "*"
      filter_type = "WILDCARD"
    }
  }
}
