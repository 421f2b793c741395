# Compliant: a private cluster, and a public API limited to the administrators' ranges.
resource "azurerm_kubernetes_cluster" "payments" {
  name                    = "aks-payments-prod"
  dns_prefix              = "payments"
  private_cluster_enabled = true
  location                = "westeurope"
  resource_group_name     = "rg-aks"

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
  name                = "aks-platform-prod"
  dns_prefix          = "platform"
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

  api_server_access_profile {
    authorized_ip_ranges = ["203.0.113.0/24", "198.51.100.32/27"]
  }
}
