# Compliant: TLS 1.2 by default or explicitly.
resource "azurerm_storage_account" "ledger" {
  name                     = "stledgerprod"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
  min_tls_version          = "TLS1_2"
}

resource "azurerm_storage_account" "reports" {
  name                     = "streportsprod"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
}
