# services.pipeline-model: the model service (Kafka consumer/producer), configured by
# nixos/lib's `model` settings, written to JSON and read by `pipeline-model --config`
# (= `python -m model --config`).
{ config
, lib
, pkgs
, ...
}:
let
  cfg = config.services.pipeline-model;
  json = pkgs.formats.json { };
  kafkaHere = config.services.apache-kafka.enable or false;
in
{
  options.services.pipeline-model = {
    enable = lib.mkEnableOption "the pipeline's model service";

    package = lib.mkOption {
      type = lib.types.package;
      default = (pkgs.callPackage ../packages { }).model;
      defaultText = lib.literalExpression "(pkgs.callPackage ./nixos/packages { }).model";
      description = "Package providing `bin/pipeline-model`.";
    };

    settings = lib.mkOption {
      type = json.type;
      default = { };
      description = "The service's configuration: nixos/lib's `model` (docs/INTERFACES.md §1).";
    };

    configFile = lib.mkOption {
      type = lib.types.path;
      readOnly = true;
      default = json.generate "pipeline-model.json" cfg.settings;
      defaultText = lib.literalMD "`settings` as JSON in the store";
      description = "The file the service reads (also what the parity check compares).";
    };
  };

  config = lib.mkIf cfg.enable {
    systemd.services.pipeline-model = {
      description = "Pipeline model service";
      wantedBy = [ "multi-user.target" ];
      # Kafka on the same host: start after it (elsewhere, Restart=always waits for it).
      wants = [ "network-online.target" ];
      after = [ "network-online.target" ] ++ lib.optional kafkaHere "apache-kafka.service";
      environment.PYTHONUNBUFFERED = "1";
      serviceConfig = import ./service-hardening.nix // {
        ExecStart = "${lib.getExe cfg.package} --config ${cfg.configFile}";
        StateDirectory = "pipeline-model";
        WorkingDirectory = "%S/pipeline-model";
      };
    };
  };
}
