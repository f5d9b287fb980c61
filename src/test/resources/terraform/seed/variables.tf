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
