# Compliant: TLS 1.2 by default or explicitly.
resource "azurerm_mssql_server" "billing" {
  name                = "sql-billing-prod"
  resource_group_name = "rg-data"
  location            = "westeurope"
  version             = "12.0"
  minimum_tls_version = "1.2"

  azuread_administrator {
    login_username              = "sql-admins"
    object_id                   = "11111111-1111-1111-1111-111111111111"
    azuread_authentication_only = true
  }
}

resource "azurerm_mssql_server" "reporting" {
  name                = "sql-reporting-prod"
  resource_group_name = "rg-data"
  location            = "westeurope"
  version             = "12.0"

  azuread_administrator {
    login_username              = "sql-admins"
    object_id                   = "11111111-1111-1111-1111-111111111111"
    azuread_authentication_only = true
  }
}
