# findings: 2
resource "aws_ecr_repository" "api" {
  name                 = "orders/api"
  image_tag_mutability = "IMMUTABLE"
}

resource "aws_ecs_task_definition" "api" {
  family       = "orders-api"
  network_mode = "bridge"
  container_definitions = jsonencode([
    {
      name      = "api"
      image     = "${aws_ecr_repository.api.repository_url}:1.4.2"
      essential = true
    },
    {
      name       = "node-agent"
      image      = "public.ecr.aws/acme/node-agent:2.0"
      essential  = false
      privileged = true
    }
  ])
}

resource "aws_ecs_task_definition" "debug" {
  family                = "debug"
  container_definitions = <<-EOT
    [
      {
        "name": "shell",
        "image": "${aws_ecr_repository.api.repository_url}:debug",
        "privileged": true
      }
    ]
  EOT
}
