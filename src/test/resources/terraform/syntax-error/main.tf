resource "aws_ecs_task_definition" "app" {
  family                   = "my-service"
  requires_compatibilities = ["FARGATE"]

  container_definitions = jsonencode([
    {
      name  = "app"
      image = 
    }
  ])
}
