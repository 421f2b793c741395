# findings: 1
resource "azurerm_windows_web_app" "cms_legacy" {
  name                = "app-cms-legacy"
  resource_group_name = "rg-web"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-web/providers/Microsoft.Web/serverFarms/asp-prod"
  https_only          = true

  site_config {
    ftps_state = "AllAllowed"
  }
}
