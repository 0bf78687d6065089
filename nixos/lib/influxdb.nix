# InfluxDB 2: initial setup (org, bucket, user; secrets by reference) and influxd settings.
c:
let t = c.topology; i = t.influxdb; in
{
  setup = {
    inherit (i) org bucket;
    username = i.user;
    retentionSeconds = i.retentionSeconds or 0;
    url = c.url "influxdb";
    passwordEnv = c.secretVar "influxPassword";
    tokenEnv = c.secretVar "influxToken";
  };

  # influxd config keys, as services.influxdb2.settings takes them (no paths: NixOS owns those).
  settings = {
    "http-bind-address" = "${c.bind "influxdb"}:${toString (c.port "influxdb")}";
    "reporting-disabled" = true;
  };

  # Where a non-NixOS influxd keeps its state (services.influxdb2 sets these itself).
  paths = {
    "bolt-path" = "${c.paths.influxdbDir}/influxd.bolt";
    "engine-path" = "${c.paths.influxdbDir}/engine";
    "sqlite-path" = "${c.paths.influxdbDir}/influxd.sqlite";
  };
}
