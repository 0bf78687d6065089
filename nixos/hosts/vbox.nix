# A VirtualBox VM (x86_64). Adapter 1: NAT (DHCP, for updates); adapter 2: host-only network
# carrying the topology addresses (enp0s8). Build the appliance with
# `nix build .#<host>-vbox-image` (system.build.images.virtualbox, docs/NIX.md).
{ lib, ... }:
{
  imports = [ ./common.nix ];

  nixpkgs.hostPlatform = "x86_64-linux";
  pipeline.interface = "enp0s8";

  # The image variant (virtualbox-image.nix) defines the same disk layout; these keep the plain
  # system (toplevel, nixos-rebuild switch) evaluable on its own.
  fileSystems."/" = lib.mkDefault {
    device = "/dev/disk/by-label/nixos";
    fsType = "ext4";
    autoResize = true;
  };
  boot.loader.grub.device = lib.mkDefault "/dev/sda";
  boot.growPartition = lib.mkDefault true;
  virtualisation.virtualbox.guest.enable = lib.mkDefault true;
}
