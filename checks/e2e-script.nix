# The VM test's Python script, generated from the topology (pure: builtins only, so tests/flake
# evaluates it without nixpkgs). Every host's units, ports and secrets come from its roles; the
# e2e suite itself runs on the tester: `pytest -m e2e --target nixos`.
{ topology
, env
, testerAddress
, src
, secretTable ? import ../nixos/modules/secret-table.nix
, pytestTimeout ? 2400
,
}:
let
  inherit (builtins)
    attrNames
    concatLists
    concatStringsSep
    elem
    filter
    match
    toString
    ;
  net = import ../nixos/modules/net.nix;

  # What each role runs, and which secrets consumer (secret-table.nix) it is.
  unitsOfRole = {
    opc = [ "opc-server.service" ];
    collector = [ "telegraf.service" ];
    kafka = [ "apache-kafka.service" ];
    influxdb = [ "influxdb2.service" ];
    grafana = [ "grafana.service" ];
    model = [ "pipeline-model.service" ];
    ingest = [ "telegraf.service" ];
  };
  consumerOfRole = {
    collector = "telegraf";
    ingest = "telegraf";
    influxdb = "influxdb";
    grafana = "grafana";
  };

  unique = list: builtins.foldl' (acc: x: if elem x acc then acc else acc ++ [ x ]) [ ] list;
  hosts = attrNames topology.hosts;
  roles = host: topology.hosts.${host}.roles;
  address = host: env.addresses.${host};
  machine =
    host:
    if match "[a-z_][a-z0-9_]*" host != null then
      host
    else
      throw "checks/e2e-script.nix: topology host '${host}' is not a Python identifier (the test driver names machines after hosts)";
  indent = lines: concatStringsSep "\n" (map (l: "    " + l) lines);
  q = s: "'${s}'";

  waits =
    host:
    map (unit: "${machine host}.wait_for_unit(${q unit})")
      (
        unique (concatLists (map (r: unitsOfRole.${r} or [ ]) (roles host)))
      )
    ++ map (port: "${machine host}.wait_for_open_port(${toString port}, ${q (address host)})") (
      net.openPorts {
        inherit topology env host;
      }
    );

  secretChecks =
    host:
    let
      consumers = unique (concatLists (map (r: if consumerOfRole ? ${r} then [ consumerOfRole.${r} ] else [ ]) (roles host)));
      expect = path: user: "${machine host}.succeed(\"test \\\"$(stat -L -c '%a %U' ${path})\\\" = '400 ${user}'\")";
    in
    concatLists (
      map
        (
          c:
          let
            t = secretTable.${c};
          in
          map (name: expect "/run/secrets/${name}" t.user) t.files
          ++ (if t.env == [ ] then [ ] else [ (expect "/run/secrets/rendered/${c}.env" t.user) ])
        )
        consumers
    );

  # Reachable from the tester: every open port. Not reachable: the other listening ports.
  reach =
    host:
    map (port: "tester.wait_until_succeeds(${q "nc -z -w 2 ${address host} ${toString port}"}, timeout=120)") (
      net.openPorts {
        inherit topology env host;
      }
    );
  closed =
    host:
    concatLists (
      map
        (
          svc:
          let
            s = topology.services.${svc};
            internal = filter (a: a != "port" && match ".*Port" a != null) (attrNames s);
          in
          map (a: "tester.fail(${q "nc -z -w 2 ${address host} ${toString s.${a}}"})  # ${svc}.${a}") internal
        )
        (net.servicesOn topology host)
    );

  pytestEnv = concatStringsSep " " [
    "PIPELINE_TOPOLOGY=/tmp/src/topology.nix"
    "PIPELINE_RUN_DIR=/tmp/run"
    "PIPELINE_INFLUX_TOKEN_FILE=/run/secrets/influxToken"
    "PIPELINE_INFLUX_PASSWORD_FILE=/run/secrets/influxPassword"
    "PIPELINE_GRAFANA_ADMIN_PASSWORD_FILE=/run/secrets/grafanaAdminPassword"
    "PYTHONDONTWRITEBYTECODE=1"
  ];
  pytest = concatStringsSep " " [
    "rm -rf /tmp/src /tmp/run && cp -rL --no-preserve=mode ${src} /tmp/src && cd /tmp/src &&"
    "env ${pytestEnv} python -m pytest -m e2e --target nixos -p no:cacheprovider -v"
    "--junitxml=/tmp/e2e-junit.xml"
  ];
in
''
  start_all()

  with subtest("every host's services are up and listen on its declared address"):
  ${indent (concatLists (map waits hosts))}

  with subtest("secrets are 0400 and owned by the service that reads them"):
  ${indent (concatLists (map secretChecks hosts))}

  with subtest("the tester (${testerAddress}) reaches the open ports; internal ports stay closed"):
  ${indent (concatLists (map reach hosts) ++ concatLists (map closed hosts))}

  with subtest("the e2e suite passes against the VMs: pytest -m e2e --target nixos"):
      try:
          tester.succeed(${q pytest}, timeout=${toString pytestTimeout})
      finally:
          if tester.execute("test -e /tmp/e2e-junit.xml")[0] == 0:
              tester.copy_from_vm("/tmp/e2e-junit.xml", "")
''
