# findings: 2
resource "azurerm_mssql_server" "legacy" {
  name                = "sql-legacy-prod"
  resource_group_name = "rg-data"
  location            = "westeurope"
  version             = "12.0"
  minimum_tls_version = "1.0"

  azuread_administrator {
    login_username              = "sql-admins"
    object_id                   = "11111111-1111-1111-1111-111111111111"
    azuread_authentication_only = true
  }
}

resource "azurerm_mssql_server" "vendor" {
  name                = "sql-vendor-prod"
  resource_group_name = "rg-data"
  location            = "westeurope"
  version             = "12.0"
  minimum_tls_version = "Disabled"

  azuread_administrator {
    login_username              = "sql-admins"
    object_id                   = "11111111-1111-1111-1111-111111111111"
    azuread_authentication_only = true
  }
}
