# Compliant: legacy ABAC off, by default or explicitly.
resource "google_container_cluster" "payments" {
  name               = "gke-payments-prod"
  location           = "europe-west1"
  initial_node_count = 1
  enable_legacy_abac = false
}

resource "google_container_cluster" "platform" {
  name               = "gke-platform-prod"
  location           = "europe-west1"
  initial_node_count = 1
}
