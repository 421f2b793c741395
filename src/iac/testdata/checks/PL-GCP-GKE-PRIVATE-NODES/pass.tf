# Compliant: private nodes (the control plane keeps a public, restricted endpoint).
resource "google_container_cluster" "payments" {
  name               = "gke-payments-prod"
  location           = "europe-west1"
  initial_node_count = 1

  private_cluster_config {
    enable_private_nodes    = true
    enable_private_endpoint = false
    master_ipv4_cidr_block  = "172.16.0.32/28"
  }
}
