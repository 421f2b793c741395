# findings: 3
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

  metadata = {
    serial-port-enable = "TRUE"
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

  metadata = {
    "serial-port-enable" = true
  }
}

resource "google_compute_project_metadata_item" "serial" {
  key   = "serial-port-enable"
  value = "1"
}
