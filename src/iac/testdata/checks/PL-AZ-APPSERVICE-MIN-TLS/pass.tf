# Compliant: TLS 1.2 by default, or explicitly for the site and its deployment (SCM) endpoint.
resource "azurerm_linux_web_app" "portal" {
  name                = "app-portal-prod"
  resource_group_name = "rg-web"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-web/providers/Microsoft.Web/serverFarms/asp-prod"
  https_only          = true

  site_config {
    minimum_tls_version     = "1.2"
    scm_minimum_tls_version = "1.2"
  }
}

resource "azurerm_windows_web_app" "intranet" {
  name                = "app-intranet-prod"
  resource_group_name = "rg-web"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-web/providers/Microsoft.Web/serverFarms/asp-prod"
  https_only          = true

  site_config {}
}
