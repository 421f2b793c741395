# Compliant: private containers (explicitly or by default).
resource "azurerm_storage_container" "statements" {
  name                  = "statements"
  storage_account_id    = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/Microsoft.Storage/storageAccounts/stledgerprod"
  container_access_type = "private"
}

resource "azurerm_storage_container" "exports" {
  name                 = "exports"
  storage_account_name = "stledgerprod"
}
