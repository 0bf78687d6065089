# A Raspberry Pi (3/4, aarch64) booting from an SD card via U-Boot + extlinux. The SD image is
# `system.build.images.sd-card`, i.e. nixpkgs' installer/sd-card/sd-image-aarch64.nix
# (`nix build .#packages.aarch64-linux.opc-raspberry-sd-image`, docs/NIX.md).
{ lib, ... }:
{
  imports = [ ./common.nix ];

  nixpkgs.hostPlatform = "aarch64-linux";

  # Keep kernel names (eth0) so the address is configured on the on-board Ethernet port.
  networking.usePredictableInterfaceNames = false;
  pipeline.interface = "eth0";

  # The layout sd-image-aarch64.nix writes (label NIXOS_SD); repeated with mkDefault so that
  # the plain system (toplevel, nixos-rebuild switch on the Pi) evaluates without the image module.
  fileSystems."/" = lib.mkDefault {
    device = "/dev/disk/by-label/NIXOS_SD";
    fsType = "ext4";
  };
  boot.loader.grub.enable = false;
  boot.loader.generic-extlinux-compatible.enable = true;
}
