# Compliant: nested items cannot be public (provider 3+), or the 2.x argument says so.
resource "azurerm_storage_account" "claims" {
  name                            = "stclaimsprod"
  resource_group_name             = "rg-data"
  location                        = "westeurope"
  account_tier                    = "Standard"
  account_replication_type        = "GRS"
  allow_nested_items_to_be_public = false
}

resource "azurerm_storage_account" "legacy" {
  name                     = "stlegacyprod"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
  allow_blob_public_access = false
}
