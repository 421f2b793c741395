resource "aws_sagemaker_notebook_instance" "research" {
  name                   = "claims-research"
  role_arn               = "arn:aws:iam::111122223333:role/sagemaker-notebooks"
  instance_type          = "ml.t3.medium"
  subnet_id              = "subnet-0a1b2c3d4e5f60001"
  security_groups        = ["sg-0a1b2c3d4e5f60001"]
  direct_internet_access = "Disabled"
  root_access            = "Disabled"
}
