cpu_architecture = "ARM64"
region           = "eu-west-1"
log_group        = "/ecs/from-tfvars"
