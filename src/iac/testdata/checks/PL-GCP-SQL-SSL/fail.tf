# findings: 2
resource "google_sql_database_instance" "reporting" {
  name             = "reporting-prod"
  region           = "europe-west1"
  database_version = "POSTGRES_16"

  settings {
    tier = "db-custom-2-7680"

    ip_configuration {
      ipv4_enabled    = false
      private_network = "projects/acme-prod/global/networks/prod-vpc"
      ssl_mode        = "ALLOW_UNENCRYPTED_AND_ENCRYPTED"
    }
  }
}

resource "google_sql_database_instance" "bi" {
  name             = "bi-prod"
  region           = "europe-west1"
  database_version = "POSTGRES_16"

  settings {
    tier = "db-custom-2-7680"
  }
}
