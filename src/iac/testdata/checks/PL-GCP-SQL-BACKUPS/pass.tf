# Compliant: backups with point-in-time recovery; the read replica has none of its own.
resource "google_sql_database_instance" "claims" {
  name             = "claims-prod"
  region           = "europe-west1"
  database_version = "POSTGRES_16"

  settings {
    tier = "db-custom-2-7680"

    backup_configuration {
      enabled                        = true
      point_in_time_recovery_enabled = true
      start_time                     = "02:00"
    }
  }
}

resource "google_sql_database_instance" "claims_replica" {
  name                 = "claims-prod-replica"
  region               = "europe-west1"
  database_version     = "POSTGRES_16"
  master_instance_name = "claims-prod"

  settings {
    tier = "db-custom-2-7680"
  }
}
