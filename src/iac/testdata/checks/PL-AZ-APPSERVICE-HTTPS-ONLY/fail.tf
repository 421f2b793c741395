# findings: 2
resource "azurerm_linux_web_app" "admin" {
  name                = "app-admin-prod"
  resource_group_name = "rg-web"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-web/providers/Microsoft.Web/serverFarms/asp-prod"

  site_config {}
}

resource "azurerm_linux_web_app_slot" "admin_staging" {
  name           = "staging"
  app_service_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-web/providers/Microsoft.Web/sites/app-admin-prod"
  https_only     = false

  site_config {}
}
