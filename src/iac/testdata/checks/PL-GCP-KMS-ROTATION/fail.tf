# findings: 3
resource "google_kms_crypto_key" "backups" {
  name     = "backup-data"
  key_ring = "projects/acme-prod/locations/europe-west1/keyRings/prod"
}

resource "google_kms_crypto_key" "archive" {
  name            = "archive-data"
  key_ring        = "projects/acme-prod/locations/europe-west1/keyRings/prod"
  purpose         = "ENCRYPT_DECRYPT"
  rotation_period = "31536000s"
}

resource "google_kms_crypto_key" "logs" {
  name            = "log-data"
  key_ring        = "projects/acme-prod/locations/europe-west1/keyRings/prod"
  rotation_period = "7776001s"
}
