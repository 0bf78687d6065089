# What every renderer needs: the topology, the target env, and lookups of addresses and ports.
# `env` is plain data (docs/INTERFACES.md §1): addresses, bind, ports, paths.
topology: env:
let
  t = topology;
  ports = env.ports or { };
in
rec {
  inherit topology env;
  inherit (env) paths;
  h = import ./helpers.nix;

  hostOf = svc: t.services.${svc}.host;
  # How other hosts reach a service / what the service listens on.
  address = svc: env.addresses.${hostOf svc};
  bind = svc: env.bind.${hostOf svc};
  # A service's port (`attr` = "port" or e.g. "controllerPort"), after the env's overrides.
  portOf = svc: attr:
    ports."${svc}.${attr}" or (if attr == "port" then ports.${svc} or t.services.${svc}.port else t.services.${svc}.${attr});
  port = svc: portOf svc "port";
  hostPort = svc: "${address svc}:${toString (port svc)}";
  url = svc: "http://${hostPort svc}";

  # Secret references, per consumer syntax: Telegraf `${VAR}`, Grafana `$__env{VAR}`.
  secretVar = name: t.secrets.${name}.env;
  telegrafSecret = name: "\${${secretVar name}}";
  grafanaSecret = name: "$__env{${secretVar name}}";

  kafkaBrokers = [ (hostPort "kafka") ];
  opcEndpoint = "opc.tcp://${hostPort "opc"}${t.services.opc.path}";
  nodes = map (n: n // { parsed = h.parseNodeId n.id; typeInfo = h.opcuaTypes.${n.type}; }) t.opcua.nodes;

  influxOutput = {
    urls = [ (url "influxdb") ];
    token = telegrafSecret "influxToken";
    organization = t.influxdb.org;
    bucket = t.influxdb.bucket;
  };
}
