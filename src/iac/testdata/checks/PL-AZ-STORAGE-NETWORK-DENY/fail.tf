# findings: 3
resource "azurerm_storage_account" "uploads" {
  name                     = "stuploadsprod"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
}

resource "azurerm_storage_account" "partner" {
  name                     = "stpartnerprod"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"

  network_rules {
    default_action = "Allow"
    ip_rules       = ["198.51.100.7"]
  }
}

resource "azurerm_storage_account" "batch" {
  name                     = "stbatchprod"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
}

resource "azurerm_storage_account_network_rules" "batch" {
  storage_account_id = azurerm_storage_account.batch.id
  default_action     = "Allow"
}
