# findings: 2
resource "google_storage_bucket" "legacy" {
  name     = "acme-legacy-downloads"
  location = "US"
}

resource "google_storage_bucket" "media" {
  name                        = "acme-media"
  location                    = "EU"
  uniform_bucket_level_access = false
}
