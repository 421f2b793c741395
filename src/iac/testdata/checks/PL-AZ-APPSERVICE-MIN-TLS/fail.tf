# findings: 3
resource "azurerm_windows_web_app" "legacy" {
  name                = "app-legacy-prod"
  resource_group_name = "rg-web"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-web/providers/Microsoft.Web/serverFarms/asp-prod"
  https_only          = true

  site_config {
    minimum_tls_version = "1.0"
  }
}

resource "azurerm_linux_web_app" "api" {
  name                = "app-api-prod"
  resource_group_name = "rg-web"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-web/providers/Microsoft.Web/serverFarms/asp-prod"
  https_only          = true

  site_config {
    minimum_tls_version     = "1.2"
    scm_minimum_tls_version = "1.1"
  }
}

resource "azurerm_app_service" "classic" {
  name                = "app-classic-prod"
  resource_group_name = "rg-web"
  location            = "westeurope"
  app_service_plan_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-web/providers/Microsoft.Web/serverFarms/asp-classic"
  https_only          = true

  site_config {
    min_tls_version = "1.1"
  }
}
