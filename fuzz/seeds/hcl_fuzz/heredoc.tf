resource "aws_iam_role_policy" "p" {
  policy = <<-EOT
    {
      "Statement": [{"Effect": "Allow", "Action": "${var.action}", "Resource": "*"}]
    }
    EOT
  plain = <<EOT
%{ for s in var.list ~}
  - ${s}
%{ endfor ~}
EOT
}
