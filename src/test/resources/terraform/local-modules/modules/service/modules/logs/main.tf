# Nested two deep: a sidecar task definition of the service's own.
variable "name" {
  type = string
}

resource "aws_ecs_task_definition" "sidecar" {
  family                   = "${var.name}-logs"
  requires_compatibilities = ["FARGATE"]
  container_definitions    = jsonencode([{ name = "${var.name}-logs", image = "fluent/fluent-bit:3.0", essential = true }])
}
