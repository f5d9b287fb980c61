module "ecs_service" {
  source = "terraform-aws-modules/ecs/aws//modules/service"

  name        = "my-service"
  cluster_arn = "arn:aws:ecs:eu-west-1:123456789012:cluster/default"
}
