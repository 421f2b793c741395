# findings: 2
resource "azurerm_kubernetes_cluster" "sandbox" {
  name                              = "aks-sandbox"
  dns_prefix                        = "sandbox"
  role_based_access_control_enabled = false
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
}

resource "azurerm_kubernetes_cluster" "legacy" {
  name                = "aks-legacy"
  dns_prefix          = "legacy"
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

  role_based_access_control {
    enabled = false
  }
}
