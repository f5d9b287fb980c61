resource "aws_ecs_task_definition" "app" {
  family                   = "app"
  requires_compatibilities = ["FARGATE"]
  cpu    = 256
  memory = 512
  execution_role_arn       = aws_iam_role.execution.arn

  runtime_platform {
    cpu_architecture = "ARM64"
  }

  container_definitions = jsonencode([{
    name  = "app"
    image = "my-service:1.0"
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = "/ecs/app"
        awslogs-region        = "eu-west-1"
        awslogs-stream-prefix = "app"
        awslogs-create-group  = "true"
      }
    }
  }])
}

resource "aws_iam_role" "execution" {
  name               = "app-execution"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_policy" "logs" {
  name   = "app-logs"
  policy = <<-JSON
    {
      "Version": "2012-10-17",
      "Statement": [
        { "Effect": "Allow", "Action": ["logs:CreateLogStream", "logs:PutLogEvents"], "Resource": "*" },
        { "Effect": "Deny", "Action": "logs:DeleteLogGroup", "Resource": "*" }
      ]
    }
  JSON
}

resource "aws_iam_role_policy_attachment" "logs" {
  role       = aws_iam_role.execution.name
  policy_arn = aws_iam_policy.logs.arn
}

resource "aws_iam_role_policy_attachment" "ecr" {
  role       = "app-execution"
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_iam_role_policy_attachment" "other_role" {
  role       = aws_iam_role.other.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_role" "other" {
  name               = "other"
  assume_role_policy = data.aws_iam_policy_document.assume.json
}
