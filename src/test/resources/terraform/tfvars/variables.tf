variable "cpu_architecture" {
  default = "X86_64"
}

variable "region" {
  default = "us-east-1"
}

variable "log_group" {
  default = "/ecs/default"
}

variable "tags" {
  default = {}
}
