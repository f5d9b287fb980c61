variable "name" {
  type = string
}

variable "image" {
  type = string
}

variable "cpu_architecture" {
  type    = string
  default = "ARM64"
}
