# findings: 2
resource "google_container_cluster" "analytics" {
  name               = "gke-analytics"
  location           = "europe-west1"
  initial_node_count = 1
}

resource "google_container_cluster" "batch" {
  name               = "gke-batch"
  location           = "europe-west1"
  initial_node_count = 1

  private_cluster_config {
    enable_private_nodes    = false
    enable_private_endpoint = false
  }
}
