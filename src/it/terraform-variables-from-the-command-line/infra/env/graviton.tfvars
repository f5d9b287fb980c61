cpu_architecture = "ARM64"
