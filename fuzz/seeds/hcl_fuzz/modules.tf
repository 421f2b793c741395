provider "aws" {
  alias  = "west"
  region = "us-west-2"
  default_tags { tags = { CostCentre = "cc-1" } }
}
module "audit" {
  source = "./modules/audit"
  name   = "audit"
}
data "aws_iam_policy_document" "d" {
  statement {
    actions   = ["*"]
    resources = ["*"]
  }
  dynamic "statement" {
    for_each = var.extra
    content { actions = statement.value }
  }
}
