# Compliant: SSH from IAP and the internal range, HTTPS from anywhere, ICMP from anywhere, a
# disabled emergency rule, an egress rule, and SSH to tagged hosts from tagged hosts.
resource "google_compute_firewall" "ssh_iap" {
  name          = "allow-ssh-iap"
  network       = "prod-vpc"
  source_ranges = ["35.235.240.0/20", "10.0.0.0/8"]

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}

resource "google_compute_firewall" "https" {
  name          = "allow-https"
  network       = "prod-vpc"
  direction     = "INGRESS"
  source_ranges = ["0.0.0.0/0"]
  target_tags   = ["web"]

  allow {
    protocol = "tcp"
    ports    = ["443", "8000-8999"]
  }

  allow {
    protocol = "icmp"
  }
}

resource "google_compute_firewall" "break_glass" {
  name          = "break-glass-ssh"
  network       = "prod-vpc"
  disabled      = true
  source_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}

resource "google_compute_firewall" "egress_all" {
  name               = "allow-egress"
  network            = "prod-vpc"
  direction          = "EGRESS"
  destination_ranges = ["0.0.0.0/0"]

  allow {
    protocol = "all"
  }
}

resource "google_compute_firewall" "bastion_to_db" {
  name        = "bastion-to-db"
  network     = "prod-vpc"
  source_tags = ["bastion"]
  target_tags = ["db"]

  allow {
    protocol = "tcp"
    ports    = ["22"]
  }
}
