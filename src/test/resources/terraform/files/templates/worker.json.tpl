[
  {
    "name": "worker",
    "image": "${image}",
    "essential": true,
    "environment": [%{ for name, value in environment }{ "name": "${name}", "value": "${value}" }, %{ endfor }{ "name": "REGION", "value": "${region}" }],
    "logConfiguration": {
      "logDriver": "awslogs",
      "options": {
        "awslogs-group": "${log_group}",
        "awslogs-region": "${region}",
        "awslogs-stream-prefix": "worker"
      }
    }
  }
]
