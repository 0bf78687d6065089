# Role `model`: the model service (services.pipeline-model) with nixos/lib's `model` settings.
{ config, lib, ... }:
let
  p = config.pipeline;
in
{
  config = lib.mkIf (p.hasRole "model") {
    services.pipeline-model = {
      enable = true;
      settings = p.settings.model;
    };
  };
}
