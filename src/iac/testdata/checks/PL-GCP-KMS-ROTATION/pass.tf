# Compliant: 90 and 30 day rotation; an asymmetric signing key (cannot rotate automatically).
resource "google_kms_crypto_key" "claims" {
  name            = "claims-data"
  key_ring        = "projects/acme-prod/locations/europe-west1/keyRings/prod"
  rotation_period = "7776000s"
}

resource "google_kms_crypto_key" "tokens" {
  name            = "token-wrap"
  key_ring        = "projects/acme-prod/locations/europe-west1/keyRings/prod"
  purpose         = "ENCRYPT_DECRYPT"
  rotation_period = "2592000s"
}

resource "google_kms_crypto_key" "signing" {
  name     = "release-signing"
  key_ring = "projects/acme-prod/locations/europe-west1/keyRings/prod"
  purpose  = "ASYMMETRIC_SIGN"

  version_template {
    algorithm = "EC_SIGN_P256_SHA256"
  }
}
