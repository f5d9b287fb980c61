# The shape terraform-aws-modules/ecs gives container definitions: a map of containers merged over defaults,
# a dynamic runtime_platform, the execution role from another module.
locals {
  name   = "my-service"
  region = "eu-west-1"

  container_defaults = {
    essential              = true
    readonlyRootFilesystem = true
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = "/aws/ecs/${local.name}"
        awslogs-region        = local.region
        awslogs-stream-prefix = "ecs"
      }
    }
  }

  containers = {
    (local.name) = {
      image        = "123456789012.dkr.ecr.${local.region}.amazonaws.com/${local.name}:1.0"
      cpu          = 512
      memory       = 1024
      portMappings = [for port in var.ports : { name = "${local.name}-${port}", containerPort = port, protocol = "tcp" }]
    }
    fluent-bit = {
      image                 = data.aws_ssm_parameter.fluentbit.value
      essential             = false
      firelensConfiguration = { type = "fluentbit" }
    }
  }

  container_definitions = [
    for name, container in local.containers : merge(local.container_defaults, container, { name = name })
  ]
}

data "aws_ssm_parameter" "fluentbit" {
  name = "/aws/service/aws-for-fluent-bit/stable"
}

module "ecs_task_execution_role" {
  source = "terraform-aws-modules/iam/aws//modules/iam-assumable-role"
  role_name = "${local.name}-execution"
}

resource "aws_ecs_task_definition" "this" {
  count = var.create ? 1 : 0

  family                   = local.name
  cpu                      = 1024
  memory                   = 2048
  network_mode             = "awsvpc"
  requires_compatibilities = ["FARGATE"]
  execution_role_arn       = module.ecs_task_execution_role.iam_role_arn

  dynamic "runtime_platform" {
    for_each = var.runtime_platform != null ? [var.runtime_platform] : []

    content {
      cpu_architecture        = try(runtime_platform.value.cpu_architecture, null)
      operating_system_family = try(runtime_platform.value.operating_system_family, null)
    }
  }

  container_definitions = jsonencode(local.container_definitions)
}
