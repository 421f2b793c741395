# findings: 1
resource "azurerm_mssql_database" "staging_dw" {
  name                                = "staging-dw"
  server_id                           = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/Microsoft.Sql/servers/sql-dw-prod"
  sku_name                            = "DW100c"
  transparent_data_encryption_enabled = false
}
