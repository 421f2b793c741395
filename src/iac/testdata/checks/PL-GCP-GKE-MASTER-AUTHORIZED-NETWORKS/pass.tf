# Compliant: the control plane admits the office and the CI runners only.
resource "google_container_cluster" "payments" {
  name               = "gke-payments-prod"
  location           = "europe-west1"
  initial_node_count = 1

  master_authorized_networks_config {
    cidr_blocks {
      cidr_block   = "203.0.113.0/24"
      display_name = "office"
    }

    cidr_blocks {
      cidr_block   = "10.30.0.0/16"
      display_name = "ci-runners"
    }
  }
}
