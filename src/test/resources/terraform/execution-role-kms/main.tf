# The database password is encrypted with the team's own KMS key; the role may read the secret but was never given
# kms:Decrypt on the key. The API key uses AWS's own key, which needs no grant.
resource "aws_kms_key" "secrets" {
  description = "orders secrets"
}

resource "aws_secretsmanager_secret" "db" {
  name       = "orders/db"
  kms_key_id = aws_kms_key.secrets.arn
}

resource "aws_secretsmanager_secret" "api_key" {
  name       = "orders/api-key"
  kms_key_id = "alias/aws/secretsmanager"
}

resource "aws_ecs_task_definition" "orders" {
  family                   = "orders"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = aws_iam_role.execution.arn
  container_definitions = jsonencode([{
    name  = "app"
    image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-service:1.0"
    secrets = [
      { name = "DB_PASSWORD", valueFrom = aws_secretsmanager_secret.db.arn },
      { name = "API_KEY", valueFrom = aws_secretsmanager_secret.api_key.arn }
    ]
    logConfiguration = {
      logDriver = "awslogs"
      options = { awslogs-group = "/ecs/orders", awslogs-region = "eu-west-1", awslogs-stream-prefix = "app" }
    }
  }])
}

resource "aws_iam_role" "execution" {
  name = "orders-execution"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ecs-tasks.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"]
  inline_policy {
    name = "secrets"
    policy = jsonencode({
      Version = "2012-10-17"
      Statement = [{
        Effect   = "Allow"
        Action   = ["secretsmanager:GetSecretValue"]
        Resource = [aws_secretsmanager_secret.db.arn, aws_secretsmanager_secret.api_key.arn]
      }]
    })
  }
}
