# The terraform-aws-modules pattern: the app's own definition concatenated with a module's sidecars. Only a plan
# knows the result; the error must name module.sidecars.definitions and never echo the environment value.
module "sidecars" {
  source = "./modules/sidecars"
}

resource "aws_ecs_task_definition" "app" {
  family                   = "my-service"
  requires_compatibilities = ["FARGATE"]
  cpu    = 256
  memory = 512
  container_definitions = jsonencode(concat([
    {
      name        = "app"
      image       = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-service:1.0"
      environment = [{ name = "DB_PASSWORD", value = "hunter2-secret" }]
    }
  ], module.sidecars.definitions))
}
