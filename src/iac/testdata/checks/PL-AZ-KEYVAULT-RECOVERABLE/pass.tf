# Compliant: purge protection on, soft delete (always on since provider 3.0) kept.
resource "azurerm_key_vault" "payments" {
  name                       = "kv-payments-prod"
  location                   = "westeurope"
  resource_group_name        = "rg-security"
  tenant_id                  = "00000000-0000-0000-0000-000000000000"
  sku_name                   = "premium"
  purge_protection_enabled   = true
  soft_delete_retention_days = 90
}
