variable "image" {
  default = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/batch:7"
}

variable "region" {
  default = "eu-west-1"
}

resource "aws_ecs_task_definition" "batch" {
  family                   = "batch"
  requires_compatibilities = ["EC2"]
  execution_role_arn       = aws_iam_role.batch_execution.arn

  container_definitions = <<-EOT
    [
      {
        "name": "batch",
        "image": "${var.image}",
        "essential": true,
        "logConfiguration": {
          "logDriver": "awslogs",
          "options": {
            "awslogs-group": "/ecs/batch",
            "awslogs-region": "${var.region}",
            "awslogs-create-group": "true"
          }
        }
      }
    ]
  EOT
}

resource "aws_iam_role" "batch_execution" {
  name                = "batch-execution"
  assume_role_policy  = file("${path.module}/assume-role.json")
  managed_policy_arns = ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"]

  inline_policy {
    name   = "create-log-groups"
    policy = data.aws_iam_policy_document.logs.json
  }
}

data "aws_iam_policy_document" "logs" {
  statement {
    sid       = "CreateLogGroups"
    actions   = ["logs:CreateLogGroup"]
    resources = ["arn:aws:logs:*:*:log-group:/ecs/*"]
  }
}
