# findings: 3
resource "azurerm_network_security_group" "jump" {
  name                = "nsg-jump"
  location            = "westeurope"
  resource_group_name = "rg-net"

  security_rule {
    name                       = "https"
    priority                   = 100
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "443"
    source_address_prefix      = "*"
    destination_address_prefix = "*"
  }

  security_rule {
    name                       = "ssh"
    priority                   = 110
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "22"
    source_address_prefix      = "Internet"
    destination_address_prefix = "*"
  }
}

resource "azurerm_network_security_rule" "rdp" {
  name                        = "rdp"
  priority                    = 200
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "*"
  source_port_range           = "*"
  destination_port_ranges     = ["443", "3380-3390"]
  source_address_prefixes     = ["10.0.0.0/8", "0.0.0.0/0"]
  destination_address_prefix  = "*"
  resource_group_name         = "rg-net"
  network_security_group_name = "nsg-vdi"
}

resource "azurerm_network_security_rule" "any" {
  name                        = "allow-any"
  priority                    = 300
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Udp"
  source_port_range           = "*"
  destination_port_range      = "*"
  source_address_prefix       = "Any"
  destination_address_prefix  = "*"
  resource_group_name         = "rg-net"
  network_security_group_name = "nsg-legacy"
}
