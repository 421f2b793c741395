# Compliant: the office range and an internal range.
resource "azurerm_mssql_firewall_rule" "office" {
  name             = "office"
  server_id        = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/Microsoft.Sql/servers/sql-billing-prod"
  start_ip_address = "203.0.113.0"
  end_ip_address   = "203.0.113.255"
}

resource "azurerm_postgresql_flexible_server_firewall_rule" "internal" {
  name             = "internal"
  server_id        = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-data/providers/Microsoft.DBforPostgreSQL/flexibleServers/psql-claims"
  start_ip_address = "10.0.0.0"
  end_ip_address   = "10.255.255.255"
}
