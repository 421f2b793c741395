# Compliant: the server has an extended auditing policy (enabled by default).
resource "azurerm_mssql_server" "billing" {
  name                = "sql-billing-prod"
  resource_group_name = "rg-data"
  location            = "westeurope"
  version             = "12.0"

  azuread_administrator {
    login_username              = "sql-admins"
    object_id                   = "11111111-1111-1111-1111-111111111111"
    azuread_authentication_only = true
  }
}

resource "azurerm_mssql_server_extended_auditing_policy" "billing" {
  server_id              = azurerm_mssql_server.billing.id
  log_monitoring_enabled = true
  storage_endpoint       = "https://stauditprod.blob.core.windows.net/"
  retention_in_days      = 365
}
