# findings: 2
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

resource "azurerm_mssql_server" "claims" {
  name                = "sql-claims-prod"
  resource_group_name = "rg-data"
  location            = "westeurope"
  version             = "12.0"

  azuread_administrator {
    login_username              = "sql-admins"
    object_id                   = "11111111-1111-1111-1111-111111111111"
    azuread_authentication_only = true
  }
}

resource "azurerm_mssql_server_extended_auditing_policy" "claims" {
  server_id = azurerm_mssql_server.claims.id
  enabled   = false
}
