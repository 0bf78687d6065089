# checks.parity: the settings as the NixOS module system evaluates them on the real hosts
# (nixosConfigurations.*@vbox) equal the harness's rendering of the same topology for the
# `nixos` target (`pipeline-harness config render --target nixos`). For each file the harness
# renders, the NixOS side is the very file the service reads where the module exposes it
# (Kafka's server.properties, Grafana's provisioning directory, our services' JSON, the
# dashboard), else the module's merged option value rendered with the module's own format.
# Comparison and report: checks/parity.py. The harness runs from a writable copy of the
# repository (as on the VM test's tester): its `nix-instantiate --store dummy://` then reads
# topology.nix and nixos/lib outside the store.
{ pkgs
, pipeline
, hosts
, ...
}:
let
  opc = hosts."opc@vbox".config;
  collector = hosts."collector@vbox".config;
  db = hosts."db@vbox".config;
  toml = pkgs.formats.toml { };

  provisioning = db.services.grafana.settings.paths.provisioning;
  influxState = "/var/lib/${db.systemd.services.influxdb2.serviceConfig.StateDirectory}";
  setup = db.services.influxdb2.provision.initialSetup;
  dashboardUid = db.pipeline.settings.dashboard.uid;

  manifest = {
    files = {
      "collector.toml" = {
        format = "toml";
        file = toml.generate "collector.toml" collector.services.telegraf.extraConfig;
      };
      "model-ingest.toml" = {
        format = "toml";
        file = toml.generate "model-ingest.toml" db.services.telegraf.extraConfig;
      };
      "kafka/server.properties" = {
        format = "properties";
        file = db.services.apache-kafka.configFiles.serverProperties;
      };
      "influxdb/setup.json" = {
        format = "json";
        only = [
          "org"
          "bucket"
          "username"
          "retentionSeconds"
        ];
        value = {
          org = setup.organization;
          inherit (setup) bucket username;
          retentionSeconds = setup.retention;
        };
      };
      # The module passes bolt/engine paths as flags below its StateDirectory.
      "influxdb/config.json" = {
        format = "json";
        value = db.services.influxdb2.settings // {
          "bolt-path" = "${influxState}/influxd.bolt";
          "engine-path" = "${influxState}/engine";
        };
      };
      "grafana/grafana.ini" = {
        format = "ini-value";
        subset = true;
        ignoreTop = [ "paths" ];
        why = "state paths: services.grafana owns them (dataDir, its provisioning directory)";
        value = db.services.grafana.settings;
      };
      "grafana/provisioning/datasources/datasource.yaml" = {
        format = "yaml-dir";
        subset = true;
        dir = "${provisioning}/datasources";
      };
      "grafana/provisioning/dashboards/dashboards.yaml" = {
        format = "yaml-dir";
        subset = true;
        dir = "${provisioning}/dashboards";
      };
      "grafana/dashboards/${dashboardUid}.json" = {
        format = "json";
        file = db.pipeline.files.dashboard;
      };
      "opc.json" = {
        format = "json";
        file = opc.services.opc-server.configFile;
      };
      "model.json" = {
        format = "json";
        file = db.services.pipeline-model.configFile;
      };
    };
    values = {
      kafkaClusterId = db.services.apache-kafka.clusterId;
    };
  };
  manifestFile = pkgs.writeText "parity-manifest.json" (builtins.toJSON manifest);
in
pkgs.runCommand "pipeline-parity"
{
  nativeBuildInputs = [
    pipeline.pythonEnv
    pkgs.nix
  ];
}
  ''
    export HOME=$TMPDIR NIX_STATE_DIR=$TMPDIR/nix-state PIPELINE_RUN_DIR=$TMPDIR/run PYTHONDONTWRITEBYTECODE=1
    cp -rL --no-preserve=mode ${pipeline.repoSrc} $TMPDIR/src
    cd $TMPDIR/src
    python -m harness config render --target nixos --out $TMPDIR/harness
    python -m harness config show --target nixos --json > $TMPDIR/show.json
    python ${./parity.py} \
      --nixos ${manifestFile} --harness $TMPDIR/harness --show $TMPDIR/show.json > $TMPDIR/report \
      || { cat $TMPDIR/report; exit 1; }
    cat $TMPDIR/report
    cp $TMPDIR/report $out
  ''
