# Role `grafana`: Grafana with nixos/lib's `grafanaSettings`, the datasource and dashboard
# providers provisioned from `grafanaDatasources` / `grafanaDashboardProviders`, and the
# `dashboard` JSON placed in the providers' directory. INFLUX_TOKEN, the admin password and the
# secret key reach it as environment variables from its sops environment file (the settings
# reference them as $__env{VAR}, the same in every target).
{ config
, lib
, pkgs
, ...
}:
let
  p = config.pipeline;
  s = p.settings;
  dashboardDirs = lib.unique (map (provider: provider.options.path) s.grafanaDashboardProviders.providers);
  dashboardFile = pkgs.writeText "${s.dashboard.uid}.json" (builtins.toJSON s.dashboard);
in
{
  config = lib.mkIf (p.hasRole "grafana") {
    pipeline.secrets.consumers = [ "grafana" ];
    pipeline.files.dashboard = dashboardFile;

    services.grafana = {
      enable = true;
      # `paths` is the harness's state layout; services.grafana owns those paths (nixos/lib/grafana.nix).
      settings = builtins.removeAttrs s.grafanaSettings [ "paths" ];
      provision = {
        enable = true;
        datasources.settings = s.grafanaDatasources;
        dashboards.settings = s.grafanaDashboardProviders;
      };
    };

    systemd.services.grafana.serviceConfig = {
      EnvironmentFile = [ p.secrets.environmentFiles.grafana ];
      Restart = lib.mkDefault "on-failure";
    };

    # The dashboard in each provider's directory: through environment.etc when it lies in /etc
    # (the NixOS way, also with an /etc overlay), else a tmpfiles symlink.
    environment.etc = lib.listToAttrs (map
      (dir: lib.nameValuePair "${lib.removePrefix "/etc/" dir}/${s.dashboard.uid}.json" { source = dashboardFile; })
      (lib.filter (lib.hasPrefix "/etc/") dashboardDirs));
    systemd.tmpfiles.rules = lib.concatMap
      (dir: [
        "d ${dir} 0755 root root - -"
        "L+ ${dir}/${s.dashboard.uid}.json - - - - ${dashboardFile}"
      ])
      (lib.filter (dir: !(lib.hasPrefix "/etc/" dir)) dashboardDirs);
  };
}
