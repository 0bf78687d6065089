# Role `opc`: the plant simulator (services.opc-server) with nixos/lib's `opcServer` settings.
{ config, lib, ... }:
let
  p = config.pipeline;
in
{
  config = lib.mkIf (p.hasRole "opc") {
    services.opc-server = {
      enable = true;
      settings = p.settings.opcServer;
    };
  };
}
