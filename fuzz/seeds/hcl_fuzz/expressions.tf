variable "n" { default = 3 }
locals {
  a = [for i, v in var.l : v * 2 if i % 2 == 0]
  b = { for k, v in var.m : k => v... }
  c = var.x != null ? var.x[0].y : aws_instance.web[*].id
  d = !(1 + 2 * 3 >= 4 && true || false)
  e = provider::aws::arn_parse(local.arn).account_id
  f = "\u00e9\t\"$${lit}\" %%{ lit } ${~ upper("x") ~} %{ if true }y%{ else }n%{ endif }"
  g = a.*.b.0
  h = concat(local.a, [1.5e3, -2])...
}
