# Settings of our OPC-UA server (opc/): where it listens and which nodes it serves.
c:
let t = c.topology; in
{
  endpoint = c.opcEndpoint;
  bind = c.bind "opc";
  port = c.port "opc";
  inherit (t.services.opc) path;
  inherit (t.opcua) namespaceUri;
  nodes = map (n: {
    inherit (n) name id type;
    inherit (n.parsed) namespace identifierType identifier;
    simulation = n.simulation or { };
  }) c.nodes;
}
