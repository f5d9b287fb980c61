variable "name" {
  type = string
}

resource "aws_ecs_task_definition" "worker" {
  family                = var.name
  container_definitions = jsonencode([{ name = var.name, image = "public.ecr.aws/example/worker:1.0", essential = true }])
}
