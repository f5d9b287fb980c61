module "logs" {
  source = "./modules/logs"
  name   = var.name
}

resource "aws_ecs_task_definition" "this" {
  family                   = var.name
  requires_compatibilities = ["FARGATE"]
  cpu    = 256
  memory = 512
  execution_role_arn       = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  container_definitions = templatefile("${path.module}/containers/app.json.tpl", {
    name  = var.name
    image = var.image
  })
}

output "family" {
  value = aws_ecs_task_definition.this.family
}

output "log_group" {
  value = "/ecs/${var.name}"
}
