# Who reads which secret, and how (plain data; names are topology.secrets attributes).
#
# `files`: the consumer reads the decrypted file itself (sops.secrets.<name>, owned by `user`).
# `env`:   the consumer gets `VAR=value` lines (VAR = topology.secrets.<name>.env) through a
#          sops template, `<consumer>.env`, given to its unit as an EnvironmentFile.
# `units`: restarted when one of its values changes.
{
  influxdb = {
    user = "influxdb2";
    units = [ "influxdb2.service" ];
    files = [
      "influxToken"
      "influxPassword"
    ];
    env = [ ];
  };
  telegraf = {
    user = "telegraf";
    units = [ "telegraf.service" ];
    files = [ ];
    env = [ "influxToken" ];
  };
  grafana = {
    user = "grafana";
    units = [ "grafana.service" ];
    files = [ ];
    env = [
      "influxToken"
      "grafanaAdminPassword"
      "grafanaSecretKey"
    ];
  };
  # The VM test's tester: reads the credentials the e2e suite needs to query InfluxDB and Grafana.
  tester = {
    user = "root";
    units = [ ];
    files = [
      "influxToken"
      "influxPassword"
      "grafanaAdminPassword"
    ];
    env = [ ];
  };
}
