# Compliant: inline network rules, a separate network rules resource, public access off.
resource "azurerm_storage_account" "ledger" {
  name                     = "stledgerprod"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"

  network_rules {
    default_action             = "Deny"
    ip_rules                   = ["203.0.113.10"]
    virtual_network_subnet_ids = ["/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-net/providers/Microsoft.Network/virtualNetworks/vnet-prod/subnets/app"]
    bypass                     = ["AzureServices"]
  }
}

resource "azurerm_storage_account" "audit" {
  name                     = "stauditprod"
  resource_group_name      = "rg-data"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "GRS"
}

resource "azurerm_storage_account_network_rules" "audit" {
  storage_account_id = azurerm_storage_account.audit.id
  default_action     = "Deny"
  bypass             = ["Logging", "Metrics"]
}

resource "azurerm_storage_account" "private" {
  name                          = "stprivateprod"
  resource_group_name           = "rg-data"
  location                      = "westeurope"
  account_tier                  = "Standard"
  account_replication_type      = "GRS"
  public_network_access_enabled = false
}
