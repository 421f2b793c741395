# Compliant: HTTPS only on a web app and a function app.
resource "azurerm_linux_web_app" "portal" {
  name                = "app-portal-prod"
  resource_group_name = "rg-web"
  location            = "westeurope"
  service_plan_id     = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-web/providers/Microsoft.Web/serverFarms/asp-prod"
  https_only          = true

  site_config {}
}

resource "azurerm_windows_function_app" "jobs" {
  name                          = "func-jobs-prod"
  resource_group_name           = "rg-web"
  location                      = "westeurope"
  service_plan_id               = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-web/providers/Microsoft.Web/serverFarms/asp-prod"
  storage_account_name          = "stfuncprod"
  storage_uses_managed_identity = true
  https_only                    = true

  site_config {}
}
