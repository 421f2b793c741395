# Compliant: enforced on the bucket, or inherited from the enforced organization policy.
resource "google_storage_bucket" "claims" {
  name                        = "acme-claims-exports"
  location                    = "EU"
  uniform_bucket_level_access = true
  public_access_prevention    = "enforced"
}

resource "google_storage_bucket" "reports" {
  name                        = "acme-reports"
  location                    = "EU"
  uniform_bucket_level_access = true
  public_access_prevention    = "inherited"
}

resource "google_org_policy_policy" "public_access_prevention" {
  name   = "projects/acme-prod/policies/storage.publicAccessPrevention"
  parent = "projects/acme-prod"

  spec {
    rules {
      enforce = "TRUE"
    }
  }
}
