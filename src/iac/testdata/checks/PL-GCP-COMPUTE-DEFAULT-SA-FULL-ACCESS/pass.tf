# Compliant: a dedicated service account with the cloud-platform scope; the default account
# with narrow scopes.
resource "google_compute_instance" "app" {
  name         = "app-1"
  machine_type = "e2-standard-2"
  zone         = "europe-west1-b"

  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }

  network_interface {
    subnetwork = "prod-app"
  }

  service_account {
    email  = "app-runtime@acme-prod.iam.gserviceaccount.com"
    scopes = ["cloud-platform"]
  }
}

resource "google_compute_instance" "batch" {
  name         = "batch-1"
  machine_type = "e2-standard-2"
  zone         = "europe-west1-b"

  boot_disk {
    initialize_params {
      image = "debian-cloud/debian-12"
    }
  }

  network_interface {
    subnetwork = "prod-app"
  }

  service_account {
    email  = "123456789012-compute@developer.gserviceaccount.com"
    scopes = ["logging-write", "monitoring-write", "storage-ro"]
  }
}
