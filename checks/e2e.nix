# checks.e2e: the pipeline on NixOS VMs — nodes opc, collector and db built from the same role
# modules as the real hosts, at the topology's addresses on one vlan, plus a `tester` node that
# runs the same e2e suite as every other target: `pytest -m e2e --target nixos`.
#
# Addresses: the framework's automatic 192.168.<vlan>.<n> numbering is switched off
# (virtualisation.interfaces.eth1.assignIP = false) so each node gets exactly its topology
# address (pipeline.interface = "eth1"); /etc/hosts comes from the topology too. The tester is
# not a topology host: it takes ${testerAddress} on the same /24.
#
# Secrets: the nodes decrypt through the very options real hosts use (sops-nix,
# pipeline.secrets.*), pointed at TEST-ONLY material: secrets/test/secrets.yaml and the committed
# test key secrets/test/ssh_host_ed25519_key as `sops.age.sshKeyPaths`.
{ pkgs
, pipeline
, sops-nix
, ...
}:
let
  lib = pkgs.lib;
  topology = import ../topology.nix;
  env = (import ../nixos/lib).envs.nixos topology;
  testerAddress = "192.168.0.100";

  testNode = {
    imports = [ sops-nix.nixosModules.sops ];
    virtualisation.vlans = [ ];
    virtualisation.interfaces.eth1 = {
      vlan = 1;
      assignIP = false;
    };
    pipeline.interface = "eth1";
    pipeline.secrets.sopsFile = ../secrets/test/secrets.yaml;
    pipeline.secrets.testOnly = true;
    sops.age.sshKeyPaths = [ ../secrets/test/ssh_host_ed25519_key ];
    networking.useDHCP = false;
  };
in
assert lib.assertMsg (!(lib.elem testerAddress (lib.attrValues env.addresses)))
  "checks/e2e.nix: the tester's address ${testerAddress} is a topology host's";
pkgs.testers.runNixOSTest {
  name = "pipeline-e2e";

  nodes = {
    opc = {
      imports = [
        testNode
        ../nixos/modules/opc.nix
      ];
    };
    collector = {
      imports = [
        testNode
        ../nixos/modules/collector.nix
      ];
    };
    db = {
      imports = [
        testNode
        ../nixos/modules/db.nix
      ];
      # Kafka (heap capped at 512 MiB), InfluxDB, Grafana, Telegraf and the model service.
      virtualisation.memorySize = 3072;
      virtualisation.cores = 2;
      virtualisation.diskSize = 4096;
    };
    tester =
      { pkgs, ... }:
      {
        imports = [
          testNode
          ../nixos/modules/pipeline.nix
        ];
        pipeline.address = testerAddress;
        pipeline.secrets.consumers = [ "tester" ];
        environment.systemPackages = [
          pipeline.pythonEnv
          pkgs.netcat
          pkgs.curl
        ];
        virtualisation.memorySize = 1536;
      };
  };

  testScript = import ./e2e-script.nix {
    inherit topology env testerAddress;
    src = pipeline.repoSrc;
  };
}
