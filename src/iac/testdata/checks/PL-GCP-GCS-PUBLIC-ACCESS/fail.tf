# findings: 5
resource "google_storage_bucket_iam_member" "public_read" {
  bucket = "acme-site-assets"
  role   = "roles/storage.objectViewer"
  member = "allUsers"
}

resource "google_storage_bucket_iam_binding" "any_google_account" {
  bucket  = "acme-statements"
  role    = "roles/storage.objectViewer"
  members = [
    "group:finance@acme.example",
    "allAuthenticatedUsers",
  ]
}

resource "google_storage_default_object_access_control" "public" {
  bucket = "acme-site-assets"
  role   = "READER"
  entity = "allUsers"
}

resource "google_storage_bucket_acl" "legacy" {
  bucket      = "acme-legacy-downloads"
  role_entity = ["OWNER:project-owners-123456789012", "READER:allUsers"]
}

resource "google_storage_bucket_acl" "predefined" {
  bucket         = "acme-press-kit"
  predefined_acl = "publicRead"
}
