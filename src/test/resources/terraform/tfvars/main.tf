resource "aws_ecs_task_definition" "app" {
  family                   = "tfvars"
  requires_compatibilities = ["FARGATE"]
  cpu    = 256
  memory = 512
  execution_role_arn       = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"

  runtime_platform {
    cpu_architecture = var.cpu_architecture
  }

  container_definitions = jsonencode([{
    name  = "app"
    image = "my-service:1.0"
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        "awslogs-group"         = var.log_group
        "awslogs-region"        = var.region
        "awslogs-stream-prefix" = "app"
      }
    }
  }])
}
