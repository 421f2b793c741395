# findings: 2
resource "google_sql_database_instance" "reporting" {
  name             = "reporting-prod"
  region           = "europe-west1"
  database_version = "POSTGRES_16"

  settings {
    tier = "db-custom-2-7680"
  }
}

resource "google_sql_database_instance" "staging" {
  name             = "staging"
  region           = "europe-west1"
  database_version = "POSTGRES_16"

  settings {
    tier = "db-f1-micro"

    backup_configuration {
      enabled = false
    }
  }
}
