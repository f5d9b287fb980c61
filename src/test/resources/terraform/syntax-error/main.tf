resource "aws_ecs_task_definition" "app" {
  family                   = "my-service"
  requires_compatibilities = ["FARGATE"]
  cpu    = 256
  memory = 512

  container_definitions = jsonencode([
    {
      name  = "app"
      image = 
    }
  ])
}
