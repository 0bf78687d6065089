# The pipeline's shared options. `pipeline.host` says which topology host this machine is; the
# roles it plays (topology.hosts.<host>.roles) switch on the components in roles/, and every
# service setting comes from nixos/lib (`pipeline.settings`, docs/INTERFACES.md §1) — never
# from a value written here. Needs sops-nix.nixosModules.sops (secrets.nix).
{ config
, lib
, ...
}:
let
  cfg = config.pipeline;
  plib = import ../lib;
  net = import ./net.nix;
in
{
  imports = [
    ./secrets.nix
    ./opc-server.nix
    ./pipeline-model.nix
    ./roles/opc.nix
    ./roles/collector.nix
    ./roles/kafka.nix
    ./roles/influxdb.nix
    ./roles/grafana.nix
    ./roles/model.nix
    ./roles/ingest.nix
  ];

  options.pipeline = {
    topology = lib.mkOption {
      type = lib.types.attrs;
      default = import ../../topology.nix;
      defaultText = lib.literalExpression "import ./topology.nix";
      description = "The single source of truth.";
    };

    env = lib.mkOption {
      type = lib.types.attrs;
      default = plib.envs.nixos cfg.topology;
      defaultText = lib.literalExpression "(import ./nixos/lib).envs.nixos topology";
      description = "nixos/lib's target environment (addresses, bind, ports, paths).";
    };

    host = lib.mkOption {
      type = lib.types.nullOr (lib.types.enum (lib.attrNames cfg.topology.hosts));
      default = null;
      description = "The topology host this machine is; null for a client (the VM test's tester).";
    };

    hasRole = lib.mkOption {
      type = lib.types.functionTo lib.types.bool;
      readOnly = true;
      default = net.hasRole cfg.topology cfg.host;
      defaultText = lib.literalMD "role membership of `host` in the topology";
      description = "`role: bool`: does this host play `role`?";
    };

    address = lib.mkOption {
      type = lib.types.nullOr lib.types.str;
      default = if cfg.host == null then null else cfg.env.addresses.${cfg.host};
      defaultText = lib.literalMD "the host's address in `env`";
      description = "This machine's address on the pipeline network.";
    };

    interface = lib.mkOption {
      type = lib.types.nullOr lib.types.str;
      default = null;
      example = "eth1";
      description = "Interface that carries `address` (set by nixos/hosts or the VM test); null: leave addressing alone.";
    };

    prefixLength = lib.mkOption {
      type = lib.types.ints.between 8 32;
      default = 24;
      description = "Prefix length of the pipeline network.";
    };

    settings = lib.mkOption {
      type = lib.types.attrs;
      readOnly = true;
      default = plib.settings { inherit (cfg) topology env; };
      defaultText = lib.literalExpression "(import ./nixos/lib).settings { inherit topology env; }";
      description = "Every service setting, rendered by nixos/lib for this topology and env.";
    };

    files = lib.mkOption {
      type = lib.types.attrsOf lib.types.path;
      default = { };
      description = "Generated files the roles install (e.g. the dashboard); read by the parity check.";
    };
  };

  config = {
    networking.hostName = lib.mkIf (cfg.host != null) (lib.mkDefault cfg.host);
    networking.hosts = net.hosts { inherit (cfg) topology env; };
    networking.firewall.enable = true;
    networking.firewall.allowedTCPPorts = net.openPorts { inherit (cfg) topology env host; };
    networking.interfaces = lib.optionalAttrs (cfg.interface != null && cfg.address != null) {
      ${cfg.interface} = {
        useDHCP = false;
        ipv4.addresses = [
          {
            inherit (cfg) address prefixLength;
          }
        ];
      };
    };
  };
}
