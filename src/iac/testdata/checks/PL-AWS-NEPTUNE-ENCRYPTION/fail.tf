# findings: 2
resource "aws_neptune_cluster" "graph" {
  cluster_identifier = "fraud-graph"
  engine             = "neptune"
}

resource "aws_neptune_cluster" "lineage" {
  cluster_identifier = "lineage"
  engine             = "neptune"
  storage_encrypted  = false
}
