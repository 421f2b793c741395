# findings: 2
resource "azurerm_key_vault" "apps" {
  name                       = "kv-apps-prod"
  location                   = "westeurope"
  resource_group_name        = "rg-security"
  tenant_id                  = "00000000-0000-0000-0000-000000000000"
  sku_name                   = "premium"
  soft_delete_retention_days = 7
}

resource "azurerm_key_vault" "legacy" {
  name                     = "kv-legacy-prod"
  location                 = "westeurope"
  resource_group_name      = "rg-security"
  tenant_id                = "00000000-0000-0000-0000-000000000000"
  sku_name                 = "premium"
  purge_protection_enabled = true
  soft_delete_enabled      = false
}
