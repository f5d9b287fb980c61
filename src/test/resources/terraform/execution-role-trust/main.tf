# The execution role was copied from an EC2 instance role: it trusts ec2.amazonaws.com, and its conditional policy
# (aws_iam_policy_document with a condition) is all that could let it read the secret.
resource "aws_ecs_task_definition" "orders" {
  family                   = "orders"
  requires_compatibilities = ["FARGATE"]
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = aws_iam_role.execution.arn
  container_definitions = jsonencode([{
    name    = "app"
    image   = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-service:1.0"
    secrets = [{ name = "DB_PASSWORD", valueFrom = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:orders/db-AbCdEf" }]
  }])
}

resource "aws_iam_role" "execution" {
  name = "orders-execution"
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Principal = { Service = "ec2.amazonaws.com" }, Action = "sts:AssumeRole" }]
  })
  managed_policy_arns = ["arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"]
  inline_policy {
    name   = "secrets"
    policy = data.aws_iam_policy_document.secrets.json
  }
}

data "aws_iam_policy_document" "secrets" {
  statement {
    actions   = ["secretsmanager:GetSecretValue"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/team"
      values   = ["orders"]
    }
  }
}
