# Values only a plan can know: none of them may turn into a finding.
variable "cpu_architecture" {
  type = string
}

variable "execution_role_arn" {
  type = string
}

resource "aws_ecs_task_definition" "app" {
  family                   = "app"
  requires_compatibilities = ["FARGATE"]
  cpu    = var.task_cpu
  memory = 512
  execution_role_arn       = var.execution_role_arn

  runtime_platform {
    cpu_architecture = var.cpu_architecture
  }

  container_definitions = jsonencode([
    {
      name             = "app"
      image            = "${aws_ecr_repository.app.repository_url}:latest"
      essential        = true
      logConfiguration = module.logging.log_configuration
      entryPoint       = module.launcher.entrypoint
    },
    module.sidecar.container_definition,
  ])
}

resource "aws_ecs_task_definition" "from_module" {
  family                = "from-module"
  container_definitions = module.app_container.json_map_encoded_list
}

variable "task_cpu" {}
