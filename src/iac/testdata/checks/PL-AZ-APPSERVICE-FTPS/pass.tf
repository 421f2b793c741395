# Compliant: FTP off, or FTPS only.
resource "azurerm_linux_web_app" "portal" {
  name                = "app-portal-prod"
  resource_group_name = "rg-web"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-web/providers/Microsoft.Web/serverFarms/asp-prod"
  https_only          = true

  site_config {
    ftps_state = "Disabled"
  }
}

resource "azurerm_windows_web_app" "cms" {
  name                = "app-cms-prod"
  resource_group_name = "rg-web"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-web/providers/Microsoft.Web/serverFarms/asp-prod"
  https_only          = true

  site_config {
    ftps_state = "FtpsOnly"
  }
}
