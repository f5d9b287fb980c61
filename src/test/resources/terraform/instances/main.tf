# One resource block, one task definition per service: the CPU of each comes from its own for_each value.
variable "services" {
  default = {
    web    = { arch = "ARM64", port = 8080 }
    worker = { arch = "X86_64", port = 9090 }
  }
}

resource "aws_ecs_task_definition" "app" {
  for_each                 = var.services
  family                   = "my-service-${each.key}"
  requires_compatibilities = ["FARGATE"]
  cpu    = 256
  memory = 512
  execution_role_arn       = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = each.value.arch
  }

  container_definitions = jsonencode([{
    name      = each.key
    image     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-service:1.0"
    essential = true
    portMappings = [{ containerPort = each.value.port }]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = "/ecs/${each.key}"
        awslogs-region        = "eu-west-1"
        awslogs-stream-prefix = each.key
      }
    }
  }])
}

# Two copies by count, told apart by count.index.
resource "aws_ecs_task_definition" "shard" {
  count                    = 2
  family                   = "shard-${count.index}"
  requires_compatibilities = ["FARGATE"]

  container_definitions = jsonencode([{
    name      = "shard-${count.index}"
    image     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/other:1.0"
    essential = true
  }])
}

# Created only where enabled: none here.
resource "aws_ecs_task_definition" "disabled" {
  count                    = 0
  family                   = "disabled"
  container_definitions    = jsonencode([{ name = "x", image = "x", essential = true }])
}
