# Compliant: grants to a group, a service account and the project's viewers.
resource "google_storage_bucket_iam_member" "analysts" {
  bucket = "acme-claims-exports"
  role   = "roles/storage.objectViewer"
  member = "group:claims-analysts@acme.example"
}

resource "google_storage_bucket_iam_binding" "loaders" {
  bucket  = "acme-claims-exports"
  role    = "roles/storage.objectCreator"
  members = [
    "serviceAccount:loader@acme-prod.iam.gserviceaccount.com",
  ]
}

resource "google_storage_bucket_access_control" "viewers" {
  bucket = "acme-claims-exports"
  role   = "READER"
  entity = "project-viewers-123456789012"
}

resource "google_storage_bucket_acl" "reports" {
  bucket      = "acme-reports"
  role_entity = ["OWNER:project-owners-123456789012", "READER:group-auditors@acme.example"]
}
