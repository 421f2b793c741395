# Compliant: the serial port left off, or explicitly off.
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

  metadata = {
    enable-oslogin     = "TRUE"
    serial-port-enable = "FALSE"
  }
}

resource "google_compute_project_metadata_item" "oslogin" {
  key   = "enable-oslogin"
  value = "TRUE"
}
