# The root module calls a local service module twice, as teams do per service; the CPU is the caller's input.
module "api" {
  source           = "./modules/service"
  name             = "api"
  image            = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/my-service:1.0"
  cpu_architecture = "ARM64"
}

module "batch" {
  source = "./modules/service"
  name   = "batch"
  image  = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/batch:1.0"
}

# A registry module, installed by terraform init under .terraform/modules.
module "worker" {
  source  = "example/worker/aws"
  version = "1.0.0"
  name    = "worker"
}
