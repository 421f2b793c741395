# Compliant: TDE left on (the default) or set explicitly.
resource "azurerm_mssql_database" "ledger" {
  name      = "ledger"
  server_id = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/Microsoft.Sql/servers/sql-dw-prod"
  sku_name  = "S1"
}

resource "azurerm_mssql_database" "warehouse" {
  name                                = "warehouse"
  server_id                           = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/Microsoft.Sql/servers/sql-dw-prod"
  sku_name                            = "DW100c"
  transparent_data_encryption_enabled = true
}
