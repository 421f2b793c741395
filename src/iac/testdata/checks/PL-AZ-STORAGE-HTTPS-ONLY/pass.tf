# Compliant: secure transfer left at its default, or set explicitly (v3 and v4 names).
resource "azurerm_storage_account" "ledger" {
  name                     = "stledgerprod"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
}

resource "azurerm_storage_account" "exports" {
  name                       = "stexportsprod"
  resource_group_name        = "rg-data"
  location                   = "westeurope"
  account_tier               = "Standard"
  account_replication_type   = "GRS"
  https_traffic_only_enabled = true
}

resource "azurerm_storage_account" "legacy" {
  name                      = "stlegacyprod"
  resource_group_name       = "rg-data"
  location                  = "westeurope"
  account_tier              = "Standard"
  account_replication_type  = "GRS"
  enable_https_traffic_only = true
}
