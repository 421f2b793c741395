# findings: 2
resource "google_storage_bucket" "reports" {
  name                        = "acme-reports"
  location                    = "EU"
  uniform_bucket_level_access = true
}

resource "google_storage_bucket" "site" {
  name                        = "acme-site-assets"
  location                    = "EU"
  uniform_bucket_level_access = true
  public_access_prevention    = "inherited"
}

resource "google_project_organization_policy" "public_access_prevention" {
  project    = "acme-prod"
  constraint = "storage.publicAccessPrevention"

  boolean_policy {
    enforced = false
  }
}
