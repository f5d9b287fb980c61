variable "region" {
  type    = string
  default = "eu-west-1"
}

variable "image_tag" {
  type    = string
  default = "latest"
}

variable "db_password" {
  type      = string
  sensitive = true
}

# no default: each environment's tfvars, or the deploy command, says which CPU the service runs on
variable "cpu_architecture" {
  type = string
}
