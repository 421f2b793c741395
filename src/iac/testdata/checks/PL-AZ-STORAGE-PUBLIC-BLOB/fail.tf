# findings: 2
resource "azurerm_storage_account" "defaults" {
  name                     = "stdefaultsprod"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
}

resource "azurerm_storage_account" "assets" {
  name                            = "stassetsprod"
  resource_group_name             = "rg-data"
  location                        = "westeurope"
  account_tier                    = "Standard"
  account_replication_type        = "GRS"
  allow_nested_items_to_be_public = true
}
