# services.opc-server: the plant simulator (asyncua), configured by nixos/lib's `opcServer`
# settings, written to JSON and read by `opc-server --config` (= `python -m opc --config`).
{ config
, lib
, pkgs
, ...
}:
let
  cfg = config.services.opc-server;
  json = pkgs.formats.json { };
in
{
  options.services.opc-server = {
    enable = lib.mkEnableOption "the pipeline's OPC-UA server (plant simulator)";

    package = lib.mkOption {
      type = lib.types.package;
      default = (pkgs.callPackage ../packages { }).opc-server;
      defaultText = lib.literalExpression "(pkgs.callPackage ./nixos/packages { }).opc-server";
      description = "Package providing `bin/opc-server`.";
    };

    settings = lib.mkOption {
      type = json.type;
      default = { };
      description = "The server's configuration: nixos/lib's `opcServer` (docs/INTERFACES.md §1).";
    };

    configFile = lib.mkOption {
      type = lib.types.path;
      readOnly = true;
      default = json.generate "opc-server.json" cfg.settings;
      defaultText = lib.literalMD "`settings` as JSON in the store";
      description = "The file the service reads (also what the parity check compares).";
    };
  };

  config = lib.mkIf cfg.enable {
    systemd.services.opc-server = {
      description = "Pipeline OPC-UA server";
      wantedBy = [ "multi-user.target" ];
      wants = [ "network-online.target" ];
      after = [ "network-online.target" ];
      environment.PYTHONUNBUFFERED = "1";
      serviceConfig = import ./service-hardening.nix // {
        ExecStart = "${lib.getExe cfg.package} --config ${cfg.configFile}";
        StateDirectory = "opc-server";
        WorkingDirectory = "%S/opc-server";
      };
    };
  };
}
