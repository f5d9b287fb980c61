variable "create" {
  type    = bool
  default = true
}

variable "ports" {
  type    = list(number)
  default = [8080]
}

variable "runtime_platform" {
  type = object({
    cpu_architecture        = optional(string)
    operating_system_family = optional(string)
  })
  default = {
    cpu_architecture        = "ARM64"
    operating_system_family = "LINUX"
  }
}
