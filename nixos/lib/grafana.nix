# Grafana: grafana.ini settings, datasource and dashboard-provider provisioning.
c:
let
  t = c.topology;
  g = t.grafana;
  ds = g.datasource;
in
{
  # grafana.ini sections (services.grafana.settings). `paths` holds the env's state paths;
  # services.grafana owns those, so the NixOS module drops that section.
  settings = {
    paths = {
      data = "${c.paths.grafanaDir}/data";
      logs = "${c.paths.grafanaDir}/logs";
      plugins = "${c.paths.grafanaDir}/plugins";
      provisioning = c.paths.grafanaProvisioningDir;
    };
    server = {
      protocol = "http";
      http_addr = c.bind "grafana";
      http_port = c.port "grafana";
      domain = c.address "grafana";
      root_url = "${c.url "grafana"}/";
    };
    security = {
      admin_user = g.adminUser or "admin";
      admin_password = c.grafanaSecret "grafanaAdminPassword";
      secret_key = c.grafanaSecret "grafanaSecretKey";
      disable_gravatar = true;
    };
    analytics = { reporting_enabled = false; check_for_updates = false; };
    users = { allow_sign_up = false; };
    "auth.anonymous" = { enabled = false; };
  };

  # provisioning/datasources/*.yaml (services.grafana.provision.datasources.settings).
  datasources = {
    apiVersion = 1;
    datasources = [{
      inherit (ds) name uid;
      type = "influxdb";
      access = "proxy";
      url = c.url "influxdb";
      isDefault = true;
      editable = false;
      jsonData = {
        version = "Flux";
        organization = t.influxdb.org;
        defaultBucket = t.influxdb.bucket;
      };
      secureJsonData.token = c.grafanaSecret "influxToken";
    }];
  };

  # provisioning/dashboards/*.yaml (services.grafana.provision.dashboards.settings).
  dashboardProviders = {
    apiVersion = 1;
    providers = [{
      name = "pipeline";
      orgId = 1;
      type = "file";
      folder = "";
      disableDeletion = true;
      allowUiUpdates = false;
      updateIntervalSeconds = 10;
      options.path = c.paths.grafanaDashboardsDir;
    }];
  };
}
