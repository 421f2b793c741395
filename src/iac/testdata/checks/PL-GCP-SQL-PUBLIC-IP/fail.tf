# findings: 2
resource "google_sql_database_instance" "reporting" {
  name             = "reporting-prod"
  region           = "europe-west1"
  database_version = "POSTGRES_16"

  settings {
    tier = "db-custom-2-7680"
  }
}

resource "google_sql_database_instance" "legacy" {
  name             = "legacy-prod"
  region           = "europe-west1"
  database_version = "POSTGRES_16"

  settings {
    tier = "db-custom-2-7680"

    ip_configuration {
      ipv4_enabled    = true
      private_network = "projects/acme-prod/global/networks/prod-vpc"
    }
  }
}
