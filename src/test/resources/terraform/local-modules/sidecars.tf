# A task definition of the root that takes a value from a module's output.
resource "aws_ecs_task_definition" "reporter" {
  family                   = "reporter"
  requires_compatibilities = ["FARGATE"]
  cpu    = 256
  memory = 512
  container_definitions = jsonencode([{
    name      = "reporter"
    image     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/reporter:1.0"
    essential = true
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = module.api.log_group
        awslogs-region        = "eu-west-1"
        awslogs-stream-prefix = module.batch.family
      }
    }
  }])
}
