# findings: 2
resource "azurerm_storage_account" "legacy_app" {
  name                     = "stlegacyapp"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
  min_tls_version          = "TLS1_0"
}

resource "azurerm_storage_account" "partner" {
  name                     = "stpartnerdrop"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
  min_tls_version          = "TLS1_1"
}
