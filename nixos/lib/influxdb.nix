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

  # influxd config keys (services.influxdb2.settings; influxd flags). The state paths are the
  # env's; services.influxdb2 passes the same bolt/engine paths itself and asserts they are not
  # in its settings, so the NixOS module drops those two keys.
  settings = {
    "http-bind-address" = "${c.bind "influxdb"}:${toString (c.port "influxdb")}";
    "reporting-disabled" = true;
    "bolt-path" = "${c.paths.influxdbDir}/influxd.bolt";
    "engine-path" = "${c.paths.influxdbDir}/engine";
    "sqlite-path" = "${c.paths.influxdbDir}/influxd.sqlite";
  };
}
