# findings: 2
resource "aws_sagemaker_notebook_instance" "research" {
  name          = "claims-research"
  role_arn      = "arn:aws:iam::111122223333:role/sagemaker-notebooks"
  instance_type = "ml.t3.medium"
}

resource "aws_sagemaker_notebook_instance" "scratch" {
  name                   = "scratch"
  role_arn               = "arn:aws:iam::111122223333:role/sagemaker-notebooks"
  instance_type          = "ml.t3.medium"
  direct_internet_access = "Enabled"
}
