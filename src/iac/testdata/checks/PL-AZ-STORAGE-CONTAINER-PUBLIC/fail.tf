# findings: 2
resource "azurerm_storage_container" "images" {
  name                  = "images"
  storage_account_name  = "stassetsprod"
  container_access_type = "blob"
}

resource "azurerm_storage_container" "downloads" {
  name                  = "downloads"
  storage_account_name  = "stassetsprod"
  container_access_type = "container"
}
