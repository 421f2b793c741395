# findings: 3
resource "azurerm_mssql_firewall_rule" "everyone" {
  name             = "allow-all"
  server_id        = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/Microsoft.Sql/servers/sql-billing-prod"
  start_ip_address = "0.0.0.0"
  end_ip_address   = "255.255.255.255"
}

resource "azurerm_mssql_firewall_rule" "azure_services" {
  name             = "AllowAllWindowsAzureIps"
  server_id        = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/Microsoft.Sql/servers/sql-billing-prod"
  start_ip_address = "0.0.0.0"
  end_ip_address   = "0.0.0.0"
}

resource "azurerm_mysql_flexible_server_firewall_rule" "open" {
  name                = "open"
  resource_group_name = "rg-data"
  server_name         = "mysql-shop-prod"
  start_ip_address    = "0.0.0.0"
  end_ip_address      = "255.255.255.255"
}
