# Secrets through sops-nix (needs sops-nix.nixosModules.sops), by topology.secrets name.
#
# A role declares the consumers on its host (`pipeline.secrets.consumers`); each consumer gets
# exactly what secret-table.nix lists: decrypted files, or a `KEY=value` environment file
# rendered by a sops template. Every file is 0400, owned by the consuming service's user, and
# the consuming units restart when a value changes. Real hosts decrypt with their SSH host key;
# the VM test points the same options at test-only material (checks/e2e.nix).
{ config
, lib
, ...
}:
let
  cfg = config.pipeline.secrets;
  topology = config.pipeline.topology;
  table = import ./secret-table.nix;

  realFile = ../../secrets/pipeline.yaml;
  testFile = ../../secrets/test/secrets.yaml;
  hasRealFile = builtins.pathExists realFile;

  consumers = lib.genAttrs cfg.consumers (name: table.${name});
  # Secret names needed on this host (as files or in environment files).
  needed = lib.unique (lib.concatMap (c: c.files ++ c.env) (lib.attrValues consumers));
  # The one consumer on this host that reads `secret` as a file, if any.
  fileReaders = secret: lib.filter (c: lib.elem secret c.files) (lib.attrValues consumers);
  envVar = secret: topology.secrets.${secret}.env;
in
{
  options.pipeline.secrets = {
    sopsFile = lib.mkOption {
      type = lib.types.path;
      default = if hasRealFile then realFile else testFile;
      defaultText = lib.literalMD "`secrets/pipeline.yaml` if present, else the test-only `secrets/test/secrets.yaml` (with a warning)";
      description = ''
        sops-encrypted YAML holding one value per `topology.secrets` name. The real file is
        never committed here: create it with `sops secrets/pipeline.yaml` (see docs/NIX.md).
      '';
    };

    testOnly = lib.mkOption {
      type = lib.types.bool;
      default = false;
      description = "This machine is a test VM using the TEST-ONLY secrets on purpose (silences the warning).";
    };

    consumers = lib.mkOption {
      type = lib.types.listOf (lib.types.enum (lib.attrNames table));
      default = [ ];
      description = "Consumers of secrets on this host (set by the role modules).";
    };

    files = lib.mkOption {
      type = lib.types.attrsOf lib.types.str;
      readOnly = true;
      description = "Path of each decrypted secret on this host, by topology.secrets name.";
    };

    environmentFiles = lib.mkOption {
      type = lib.types.attrsOf lib.types.str;
      readOnly = true;
      description = "Path of each consumer's `KEY=value` environment file on this host.";
    };
  };

  config = lib.mkMerge [
    {
      pipeline.secrets.files = lib.genAttrs needed (name: config.sops.secrets.${name}.path);
      pipeline.secrets.environmentFiles = lib.mapAttrs
        (
          name: _: config.sops.templates."${name}.env".path
        )
        (lib.filterAttrs (_: c: c.env != [ ]) consumers);
    }
    (lib.mkIf (cfg.consumers != [ ]) {
      assertions = map
        (secret: {
          assertion = lib.length (fileReaders secret) <= 1;
          message = "pipeline.secrets: more than one consumer on this host reads ${secret} as a file; give it one owner.";
        })
        needed;

      warnings = lib.optional (cfg.sopsFile == testFile && !cfg.testOnly) ''
        pipeline.secrets: secrets/pipeline.yaml is missing (or not tracked by git), so this host
        uses the TEST-ONLY secrets/test/secrets.yaml, which only the VM test's key decrypts.
        Create the real file before deploying (docs/NIX.md, "Secrets").
      '';

      sops.defaultSopsFile = cfg.sopsFile;

      sops.secrets = lib.genAttrs needed (
        secret:
        let
          readers = fileReaders secret;
        in
        {
          mode = "0400";
          owner = if readers == [ ] then "root" else (lib.head readers).user;
          restartUnits = lib.concatMap (c: c.units) readers;
        }
      );

      sops.templates = lib.mapAttrs'
        (
          name: c:
            lib.nameValuePair "${name}.env" {
              mode = "0400";
              owner = c.user;
              restartUnits = c.units;
              content = lib.concatMapStrings
                (
                  secret: "${envVar secret}=${config.sops.placeholder.${secret}}\n"
                )
                c.env;
            }
        )
        (lib.filterAttrs (_: c: c.env != [ ]) consumers);
    })
  ];
}
