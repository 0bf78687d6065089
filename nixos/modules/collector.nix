# Host `collector` of the topology: its roles (topology.hosts.collector.roles) decide what runs here.
# Hardware and platform come from nixos/hosts/; the VM test imports this module as it is.
{
  imports = [ ./pipeline.nix ];
  pipeline.host = "collector";
}
