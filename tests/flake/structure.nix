# flake.nix's outputs evaluated with stand-in inputs, for their NAMES only (no nixpkgs here):
# every value that needs nixpkgs or sops-nix throws if forced, so this proves the declared
# structure (hosts, packages, checks, apps, dev shells) and nothing about whether they build.
let
  flake = import ../../flake.nix;
  systems = [
    "x86_64-linux"
    "aarch64-linux"
  ];
  genAttrs = names: f: builtins.listToAttrs (map (n: { name = n; value = f n; }) names);
  unavailable = what: throw "tests/flake/structure.nix: ${what} needs the real input (names only here)";
  nixpkgs = {
    lib = {
      inherit genAttrs;
      nixosSystem = _: unavailable "lib.nixosSystem";
      getExe = _: unavailable "lib.getExe";
    };
    legacyPackages = genAttrs systems (system: unavailable "legacyPackages.${system}");
  };
  sops-nix = {
    nixosModules.sops = unavailable "sops-nix";
  };
  outputs = flake.outputs { self = outputs; inherit nixpkgs sops-nix; };
  names = builtins.attrNames;
  perSystem = builtins.mapAttrs (_: names);
in
{
  inherit (flake) description inputs;
  outputs = names outputs;
  nixosConfigurations = names outputs.nixosConfigurations;
  nixosModules = names outputs.nixosModules;
  packages = perSystem outputs.packages;
  devShells = perSystem outputs.devShells;
  apps = perSystem outputs.apps;
  checks = perSystem outputs.checks;
  formatter = names outputs.formatter;
}
