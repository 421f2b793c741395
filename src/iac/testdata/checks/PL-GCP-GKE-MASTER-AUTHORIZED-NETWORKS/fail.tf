# findings: 3
resource "google_container_cluster" "analytics" {
  name               = "gke-analytics"
  location           = "europe-west1"
  initial_node_count = 1
}

resource "google_container_cluster" "batch" {
  name               = "gke-batch"
  location           = "europe-west1"
  initial_node_count = 1

  master_authorized_networks_config {
    cidr_blocks {
      cidr_block   = "0.0.0.0/0"
      display_name = "anywhere"
    }
  }
}

resource "google_container_cluster" "ml" {
  name               = "gke-ml"
  location           = "europe-west1"
  initial_node_count = 1

  master_authorized_networks_config {
    gcp_public_cidrs_access_enabled = true

    cidr_blocks {
      cidr_block   = "10.30.0.0/16"
      display_name = "ci-runners"
    }
  }
}
