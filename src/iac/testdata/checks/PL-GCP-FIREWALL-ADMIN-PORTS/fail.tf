# findings: 5
resource "google_compute_firewall" "ssh_anywhere" {
  name          = "allow-ssh"
  network       = "prod-vpc"
  source_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}

resource "google_compute_firewall" "rdp_range" {
  name          = "allow-rdp"
  network       = "prod-vpc"
  source_ranges = ["10.0.0.0/8", "0.0.0.0/0"]

  allow {
    protocol = "tcp"
    ports    = ["443", "3000-4000"]
  }
}

resource "google_compute_firewall" "all_tcp" {
  name          = "allow-all-tcp"
  network       = "prod-vpc"
  source_ranges = ["::/0"]

  allow {
    protocol = "tcp"
  }
}

resource "google_compute_firewall" "no_source" {
  name    = "allow-internal-admin"
  network = "prod-vpc"

  allow {
    protocol = "all"
  }
}

resource "google_compute_firewall" "all_udp" {
  name          = "allow-udp"
  network       = "prod-vpc"
  source_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "udp"
  }
}
