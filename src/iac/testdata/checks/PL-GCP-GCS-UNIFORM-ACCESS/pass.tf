# Compliant: uniform bucket-level access.
resource "google_storage_bucket" "claims" {
  name                        = "acme-claims-exports"
  location                    = "EU"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
}
