# Compliant: RBAC on by default, or explicitly with Entra ID integration.
resource "azurerm_kubernetes_cluster" "payments" {
  name                = "aks-payments-prod"
  dns_prefix          = "payments"
  location            = "westeurope"
  resource_group_name = "rg-aks"

  default_node_pool {
    name       = "system"
    node_count = 3
    vm_size    = "Standard_D4s_v5"
  }

  identity {
    type = "SystemAssigned"
  }
}

resource "azurerm_kubernetes_cluster" "platform" {
  name                              = "aks-platform-prod"
  dns_prefix                        = "platform"
  role_based_access_control_enabled = true
  local_account_disabled            = true
  location                          = "westeurope"
  resource_group_name               = "rg-aks"

  default_node_pool {
    name       = "system"
    node_count = 3
    vm_size    = "Standard_D4s_v5"
  }

  identity {
    type = "SystemAssigned"
  }

  azure_active_directory_role_based_access_control {
    azure_rbac_enabled = true
    tenant_id          = "00000000-0000-0000-0000-000000000000"
  }
}
