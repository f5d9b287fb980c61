# Each service is one call of the team's own module.
module "orders" {
  source           = "./modules/ecs-service"
  name             = "my-service"
  image            = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-service:1.0"
  cpu_architecture = "X86_64"
}

module "billing" {
  source           = "./modules/ecs-service"
  name             = "billing"
  image            = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/billing:1.0"
  cpu_architecture = "ARM64"
}
