variable "region" {
  default = "eu-west-1"
}

variable "worker_tag" {
  default = "2.3.1"
}

resource "aws_ecs_task_definition" "api" {
  family                   = "api"
  requires_compatibilities = ["FARGATE"]
  cpu    = 256
  memory = 512
  execution_role_arn       = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }

  container_definitions = file("${path.module}/containers/api.json")
}

resource "aws_ecs_task_definition" "worker" {
  family                   = "worker"
  requires_compatibilities = ["EC2"]
  execution_role_arn       = "arn:aws:iam::123456789012:role/ecsTaskExecutionRole"

  placement_constraints {
    type       = "memberOf"
    expression = "attribute:ecs.cpu-architecture == arm64"
  }

  container_definitions = templatefile("${path.module}/templates/worker.json.tpl", {
    image       = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/worker:${var.worker_tag}"
    log_group   = aws_cloudwatch_log_group.worker.name
    region      = var.region
    environment = { QUEUE = "jobs", THREADS = "4" }
  })
}

resource "aws_cloudwatch_log_group" "worker" {
  name = "/ecs/worker"
}
