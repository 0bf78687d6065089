# Host networking derived from the topology: pure functions (builtins only, no nixpkgs), so
# tests/flake evaluates them with plain `nix-instantiate --eval`.
let
  inherit (builtins)
    attrNames
    elem
    filter
    foldl'
    ;
in
rec {
  # Services whose `host` is `host` (sorted by name).
  servicesOn = topology: host: filter (svc: topology.services.${svc}.host == host) (attrNames topology.services);

  # TCP ports clients reach on `host`: each of its services' `port`, after the env's overrides.
  # Internal ports (e.g. Kafka's controllerPort, used only inside the host) stay closed.
  openPorts =
    { topology
    , env
    , host
    ,
    }:
    if host == null then
      [ ]
    else
      map (svc: (env.ports or { }).${svc} or topology.services.${svc}.port) (servicesOn topology host);

  # networking.hosts: { "<address>" = [ names ]; } for every topology host, as the env addresses them.
  hosts =
    { topology, env }:
    foldl'
      (
        acc: name:
        let
          address = env.addresses.${name};
        in
        acc // { ${address} = (acc.${address} or [ ]) ++ [ name ]; }
      )
      { }
      (attrNames topology.hosts);

  # Does topology host `host` play `role`?
  hasRole =
    topology: host: role:
    host != null && elem role topology.hosts.${host}.roles;
}
