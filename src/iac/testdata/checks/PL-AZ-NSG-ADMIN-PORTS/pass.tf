# Compliant: HTTPS from the internet, SSH from the corporate range only, an RDP deny rule, an
# application port range from the internet that holds neither 22 nor 3389, and SSH/RDP from the
# bastion subnets.
resource "azurerm_network_security_group" "web" {
  name                = "nsg-web"
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
    source_address_prefix      = "Internet"
    destination_address_prefix = "*"
  }

  security_rule {
    name                       = "ssh-corp"
    priority                   = 110
    direction                  = "Inbound"
    access                     = "Allow"
    protocol                   = "Tcp"
    source_port_range          = "*"
    destination_port_range     = "22"
    source_address_prefix      = "10.0.0.0/8"
    destination_address_prefix = "*"
  }

  security_rule {
    name                       = "deny-rdp"
    priority                   = 120
    direction                  = "Inbound"
    access                     = "Deny"
    protocol                   = "*"
    source_port_range          = "*"
    destination_port_range     = "3389"
    source_address_prefix      = "*"
    destination_address_prefix = "*"
  }
}

resource "azurerm_network_security_rule" "app_ports" {
  name                        = "app-ports"
  priority                    = 130
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_range      = "8000-8999"
  source_address_prefix       = "*"
  destination_address_prefix  = "*"
  resource_group_name         = "rg-net"
  network_security_group_name = "nsg-app"
}

resource "azurerm_network_security_rule" "bastion_admin" {
  name                        = "bastion-admin"
  priority                    = 140
  direction                   = "Inbound"
  access                      = "Allow"
  protocol                    = "Tcp"
  source_port_range           = "*"
  destination_port_ranges     = ["22", "3389"]
  source_address_prefixes     = ["10.20.0.0/26", "10.20.1.0/26"]
  destination_address_prefix  = "VirtualNetwork"
  resource_group_name         = "rg-net"
  network_security_group_name = "nsg-jump"
}
