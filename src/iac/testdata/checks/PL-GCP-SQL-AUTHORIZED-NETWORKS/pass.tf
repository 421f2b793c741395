# Compliant: a public IP that only the office and a partner range may reach; a private instance.
resource "google_sql_database_instance" "reporting" {
  name             = "reporting-prod"
  region           = "europe-west1"
  database_version = "POSTGRES_16"

  settings {
    tier = "db-custom-2-7680"

    ip_configuration {
      ipv4_enabled = true
      ssl_mode     = "ENCRYPTED_ONLY"

      authorized_networks {
        name  = "office"
        value = "203.0.113.0/24"
      }

      authorized_networks {
        name  = "partner"
        value = "198.51.100.64/26"
      }
    }
  }
}

resource "google_sql_database_instance" "claims" {
  name             = "claims-prod"
  region           = "europe-west1"
  database_version = "POSTGRES_16"

  settings {
    tier = "db-custom-2-7680"

    ip_configuration {
      ipv4_enabled    = false
      private_network = "projects/acme-prod/global/networks/prod-vpc"
    }
  }
}
