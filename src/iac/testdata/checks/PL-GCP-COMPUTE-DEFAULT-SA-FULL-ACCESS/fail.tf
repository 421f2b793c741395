# findings: 2
resource "google_compute_instance" "legacy" {
  name         = "legacy-1"
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
    scopes = ["cloud-platform"]
  }
}

resource "google_compute_instance_template" "workers" {
  name_prefix  = "workers-"
  machine_type = "e2-standard-4"

  disk {
    source_image = "debian-cloud/debian-12"
  }

  network_interface {
    subnetwork = "prod-app"
  }

  service_account {
    email  = "123456789012-compute@developer.gserviceaccount.com"
    scopes = ["https://www.googleapis.com/auth/cloud-platform"]
  }
}
