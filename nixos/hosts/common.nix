# What every real (non-test) host needs: SSH for deployment and for sops-nix (its ed25519 host
# key decrypts the secrets), an admin user, and the release this configuration was written for.
{ lib, ... }:
{
  services.openssh = {
    enable = true;
    settings = {
      PasswordAuthentication = false;
      PermitRootLogin = "prohibit-password";
    };
  };

  # Deploying as a non-root user needs its store paths trusted (docs/NIX.md, "Deploy").
  users.users.admin = {
    isNormalUser = true;
    extraGroups = [ "wheel" ];
    # Add your public key: openssh.authorizedKeys.keys = [ "ssh-ed25519 ..." ];
  };
  security.sudo.wheelNeedsPassword = lib.mkDefault false;
  nix.settings.trusted-users = [
    "root"
    "@wheel"
  ];
  nix.settings.experimental-features = [
    "nix-command"
    "flakes"
  ];

  time.timeZone = lib.mkDefault "UTC";
  system.stateVersion = "25.11";
}
