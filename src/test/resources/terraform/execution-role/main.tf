# An orders service as teams write it: the image in ECR, a database password in Secrets Manager, flags in SSM, an
# env file in S3; the execution role has the managed policy and an inline policy for the orders/* secrets.
resource "aws_ecs_task_definition" "orders" {
  family                   = "orders"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 512
  memory                   = 1024
  execution_role_arn       = aws_iam_role.execution.arn

  container_definitions = jsonencode([
    {
      name      = "app"
      image     = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-service:1.0"
      essential = true
      secrets = [
        { name = "DB_PASSWORD", valueFrom = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders/db-AbCdEf:password::" },
        { name = "STRIPE_KEY", valueFrom = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:payments/stripe-XyZ123" },
        { name = "FLAGS", valueFrom = "/orders/flags" }
      ]
      environmentFiles = [{ value = "arn:aws:s3:::orders-config/app.env", type = "s3" }]
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = "/ecs/orders"
          awslogs-region        = "eu-west-1"
          awslogs-stream-prefix = "app"
        }
      }
    }
  ])
}

resource "aws_iam_role" "execution" {
  name               = "orders-execution"
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

resource "aws_iam_role_policy_attachment" "managed" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_iam_role_policy" "secrets" {
  role = aws_iam_role.execution.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue"]
        Resource = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders/*"
      },
      {
        Effect   = "Allow"
        Action   = ["ssm:GetParameters"]
        Resource = "arn:aws:ssm:*:123456789012:parameter/orders/*"
      },
      {
        Effect   = "Allow"
        Action   = ["s3:GetObject", "s3:GetBucketLocation"]
        Resource = ["arn:aws:s3:::orders-config", "arn:aws:s3:::orders-config/*"]
      }
    ]
  })
}
