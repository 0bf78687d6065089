{
  description = "Declarative industrial data pipeline (OPC-UA -> Telegraf -> Kafka/InfluxDB 2 -> model -> Grafana), its hosts and its test harness";

  inputs = {
    # NixOS 25.11 (stable), pinned by revision in the URL. flake.lock is not committed (it cannot
    # be generated offline); `nix flake lock` writes it on first use from these exact revisions.
    nixpkgs.url = "github:NixOS/nixpkgs/1267bb4920d0fc06ea916734c11b0bf004bbe17e";
    sops-nix = {
      url = "github:Mic92/sops-nix/d8be5ea4cd3bc363492ab5bc6e874ccdc5465fe4";
      inputs.nixpkgs.follows = "nixpkgs";
    };
  };

  outputs =
    { self
    , nixpkgs
    , sops-nix
    ,
    }:
    let
      inherit (nixpkgs) lib;
      systems = [
        "x86_64-linux"
        "aarch64-linux"
      ];
      forAllSystems = f: lib.genAttrs systems (system: f system nixpkgs.legacyPackages.${system});
      pipelinePackages = pkgs: pkgs.callPackage ./nixos/packages { };

      # A host = its topology role module (nixos/modules/<host>.nix) + its hardware (nixos/hosts/).
      mkHost =
        hostModule: hardware:
        lib.nixosSystem {
          modules = [
            sops-nix.nixosModules.sops
            hostModule
            hardware
          ];
        };

      hosts = {
        "opc@raspberry" = mkHost ./nixos/modules/opc.nix ./nixos/hosts/raspberry.nix;
        "opc@vbox" = mkHost ./nixos/modules/opc.nix ./nixos/hosts/vbox.nix;
        "collector@vbox" = mkHost ./nixos/modules/collector.nix ./nixos/hosts/vbox.nix;
        "db@vbox" = mkHost ./nixos/modules/db.nix ./nixos/hosts/vbox.nix;
      };

      # Images through the release's own mechanism (system.build.images, NixOS >= 25.05).
      image = host: variant: hosts.${host}.config.system.build.images.${variant};
      images = {
        x86_64-linux = {
          opc-vbox-image = image "opc@vbox" "virtualbox";
          collector-vbox-image = image "collector@vbox" "virtualbox";
          db-vbox-image = image "db@vbox" "virtualbox";
        };
        aarch64-linux = {
          opc-raspberry-sd-image = image "opc@raspberry" "sd-card";
        };
      };

      checkArgs = {
        inherit self sops-nix hosts;
        pkgs = nixpkgs.legacyPackages.x86_64-linux;
        pipeline = pipelinePackages nixpkgs.legacyPackages.x86_64-linux;
      };
    in
    {
      nixosModules = {
        # The whole pipeline (needs sops-nix.nixosModules.sops); set `pipeline.host`.
        default = ./nixos/modules/pipeline.nix;
        opc-server = ./nixos/modules/opc-server.nix;
        pipeline-model = ./nixos/modules/pipeline-model.nix;
      };

      nixosConfigurations = hosts;

      packages = forAllSystems (
        system: pkgs:
          let
            p = pipelinePackages pkgs;
          in
          {
            opc-server = p.opc-server;
            model = p.model;
            harness = p.harness;
            default = p.harness;
          }
          // images.${system}
      );

      devShells = forAllSystems (
        system: pkgs: {
          default = pkgs.callPackage ./nixos/packages/devshell.nix { pipeline = pipelinePackages pkgs; };
        }
      );

      apps = forAllSystems (
        system: pkgs:
          let
            harness = {
              type = "app";
              program = lib.getExe (pipelinePackages pkgs).harness;
              meta.description = "The pipeline harness (`nix run .#harness -- e2e`)";
            };
          in
          {
            inherit harness;
            default = harness;
          }
      );

      checks.x86_64-linux = {
        e2e = import ./checks/e2e.nix checkArgs;
        parity = import ./checks/parity.nix checkArgs;
        lint = import ./checks/lint.nix checkArgs;
      };

      formatter = forAllSystems (system: pkgs: pkgs.nixpkgs-fmt);
    };
}
