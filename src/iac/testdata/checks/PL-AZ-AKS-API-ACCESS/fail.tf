# findings: 2
resource "azurerm_kubernetes_cluster" "sandbox" {
  name                = "aks-sandbox"
  dns_prefix          = "sandbox"
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

resource "azurerm_kubernetes_cluster" "analytics" {
  name                = "aks-analytics"
  dns_prefix          = "analytics"
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
    authorized_ip_ranges = ["0.0.0.0/0"]
  }
}
