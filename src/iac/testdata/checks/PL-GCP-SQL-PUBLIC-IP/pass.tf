# Compliant: private IP only.
resource "google_sql_database_instance" "claims" {
  name             = "claims-prod"
  region           = "europe-west1"
  database_version = "POSTGRES_16"

  settings {
    tier = "db-custom-2-7680"

    ip_configuration {
      ipv4_enabled    = false
      private_network = "projects/acme-prod/global/networks/prod-vpc"
      ssl_mode        = "ENCRYPTED_ONLY"
    }
  }
}
