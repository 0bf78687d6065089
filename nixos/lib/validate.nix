# Validation of a topology (and of a target env): a list of one-line errors, each naming the
# offending entry and, where Nix knows it, the file and line. `check` throws the first one.
let
  h = import ./helpers.nix;
  inherit (builtins) all attrNames concatLists concatStringsSep filter head isAttrs isList isString
    length match split;
  inherit (h) at concatMap optional findDuplicate mapToList;

  topLevelKeys = [ "name" "hosts" "services" "opcua" "kafka" "influxdb" "measurements" "model"
    "telegraf" "grafana" "secrets" ];
  typeNames = concatStringsSep ", " (attrNames h.opcuaTypes);

  # "<what>: missing attribute 'k'" for the first of `keys` that `attrs` lacks.
  missingErr = what: attrs: keys:
    let m = h.firstMissing attrs keys;
    in optional (m != null)
      "${what}: missing attribute '${m}'${at attrs (head (attrNames attrs ++ [ "" ]))}";

  nonEmptyString = s: isString s && s != "";

  # Flux string literals compared as `r.<column> == "..."` in a query.
  fluxRefs = column: query:
    map head (filter isList (split "r\\.${column}[[:space:]]*==[[:space:]]*\"([^\"]*)\"" query));

  # " (declared at FILE:LINE)": where the first of two clashing entries is.
  declared = attrs: name:
    let p = builtins.unsafeGetAttrPos name attrs;
    in if p == null then "" else " (declared at ${p.file}:${toString p.line})";

  named = attrs: mapToList (name: v: { _name = name; _attrs = v; } // v) attrs;
in
rec {
  # All problems of `topology`, most fundamental first.
  errors = t:
    let structural = missingErr "topology" t topLevelKeys;
    in if structural != [ ] then structural else concatLists [
      (hostErrors t) (serviceErrors t) (nodeErrors t) (kafkaErrors t) (influxErrors t)
      (modelErrors t) (telegrafErrors t) (grafanaErrors t) (secretErrors t)
    ];

  hostErrors = t:
    let hosts = named t.hosts; in
    concatMap (x:
      let e = "topology: host '${x._name}'"; in
      missingErr e x._attrs [ "address" "roles" ]
      ++ optional (x ? address && !h.isIPv4 x.address)
           "${e}: address '${toString x.address}' is not an IPv4 address${at x._attrs "address"}")
      hosts
    ++ (let d = findDuplicate (x: x.address or null) hosts; in optional (d != null)
         "topology: host '${d.second._name}': address ${d.key} is already host '${d.first._name}''s${declared d.first._attrs "address"} — give each host its own address${at d.second._attrs "address"}");

  # Every `port` / `*Port` attribute of every service, with its host.
  servicePorts = t: concatMap (s:
    map (p: { svc = s._name; attr = p; port = s.${p}; host = s.host or "?"; attrs = s._attrs; })
      (filter (a: a == "port" || match ".+Port" a != null) (attrNames s._attrs)))
    (named t.services);

  serviceErrors = t:
    let ports = servicePorts t; in
    concatMap (s:
      let e = "topology: service '${s._name}'"; in
      missingErr e s._attrs [ "host" "port" ]
      ++ optional (s ? host && !(t.hosts ? ${s.host}))
           "${e}: unknown host '${toString s.host}' (hosts: ${concatStringsSep ", " (attrNames t.hosts)})${at s._attrs "host"}")
      (named t.services)
    ++ concatMap (p: optional (!h.isPort p.port)
         "topology: service '${p.svc}': ${p.attr} ${toString p.port} is not a TCP port (1-65535)${at p.attrs p.attr}") ports
    ++ (let d = findDuplicate (p: "${p.host}:${toString p.port}") ports; in optional (d != null)
         "topology: service '${d.second.svc}': ${d.second.attr} ${toString d.second.port} clashes with service '${d.first.svc}''s ${d.first.attr}${declared d.first.attrs d.first.attr} on host '${d.second.host}'${at d.second.attrs d.second.attr}")
    ++ concatMap (name: optional (!(t.services ? ${name}))
         "topology: services: missing service '${name}'${at t "services"}") [ "opc" "kafka" "influxdb" "grafana" ]
    ++ optional (t.services ? kafka && !(t.services.kafka ? controllerPort))
         "topology: service 'kafka': missing attribute 'controllerPort'${at t.services.kafka "port"}"
    ++ optional (t.services ? opc && !(isString (t.services.opc.path or null) && match "/.*" t.services.opc.path != null))
         "topology: service 'opc': path must be a string starting with '/'${at t.services.opc "port"}";

  nodeErrors = t:
    let nodes = t.opcua.nodes or [ ]; in
    concatMap (n:
      let
        e = "topology: node '${toString (n.name or "?")}'";
        parsed = h.parseNodeId (n.id or null);
      in
      missingErr e n [ "name" "id" "type" ]
      ++ optional (n ? name && !h.isIdentifier n.name)
           "${e}: name must match [A-Za-z_][A-Za-z0-9_]* (it becomes a Telegraf field and a Flux string)${at n "name"}"
      ++ optional (n ? type && !(h.opcuaTypes ? ${toString n.type}))
           "${e}: unknown data type '${toString n.type}' (one of ${typeNames})${at n "type"}"
      ++ optional (n ? id && parsed == null)
           "${e}: node id '${toString n.id}' does not parse (expected ns=<index>;<i|s|g|b>=<identifier>, e.g. ns=2;i=2)${at n "id"}"
      ++ optional (parsed != null && parsed.namespace != 2)
           "${e}: node id '${n.id}' is in namespace ${toString parsed.namespace}, but the OPC server serves '${toString (t.opcua.namespaceUri or "?")}' as ns=2${at n "id"}"
      ++ optional (n ? simulation && !(isAttrs n.simulation && h.isPositiveNumber (n.simulation.period or null)))
           "${e}: simulation.period must be a positive number of seconds${at n "simulation"}")
      nodes
    ++ optional (!isList nodes || nodes == [ ]) "topology: opcua.nodes: declare at least one node${at t "opcua"}"
    ++ (let d = findDuplicate (n: n.name or null) nodes; in optional (d != null)
         "topology: node '${toString d.key}': name declared twice${at d.second "name"}")
    ++ (let d = findDuplicate (n: n.id or null) nodes; in optional (d != null)
         "topology: node '${toString (d.second.name or "?")}': node id ${toString d.key} is already node '${toString (d.first.name or "?")}''s${declared d.first "id"}${at d.second "id"}")
    ++ optional (!nonEmptyString (t.opcua.namespaceUri or null))
         "topology: opcua.namespaceUri: must be a non-empty URI string${at t "opcua"}";

  kafkaErrors = t:
    let k = t.kafka; topics = k.topics or { }; in
    missingErr "topology: kafka" k [ "clusterId" "nodeId" "topics" "partitions" ]
    ++ missingErr "topology: kafka.topics" topics [ "opc" "model" ]
    ++ concatLists (mapToList (name: v: optional (!h.isKafkaTopic v)
         "topology: kafka topic '${name}': '${toString v}' is not a valid Kafka topic name (1-249 of [a-zA-Z0-9._-], not '.' or '..')${at topics name}")
         topics)
    ++ optional (topics ? opc && topics ? model && topics.opc == topics.model)
         "topology: kafka topic 'model': must differ from topic 'opc' ('${toString topics.model}')${at topics "model"}"
    ++ optional (k ? clusterId && !(isString k.clusterId && match "[A-Za-z0-9_-]{22}" k.clusterId != null))
         "topology: kafka: clusterId must be 22 characters of base64url (kafka-storage random-uuid)${at k "clusterId"}"
    ++ optional (k ? partitions && !(builtins.isInt k.partitions && k.partitions >= 1))
         "topology: kafka: partitions must be a positive integer${at k "partitions"}"
    ++ optional (k ? nodeId && !(builtins.isInt k.nodeId && k.nodeId >= 0))
         "topology: kafka: nodeId must be a non-negative integer${at k "nodeId"}";

  influxErrors = t:
    let i = t.influxdb; in
    missingErr "topology: influxdb" i [ "org" "bucket" "user" ]
    ++ concatMap (key: optional (i ? ${key} && !nonEmptyString i.${key})
         "topology: influxdb: ${key} must be a non-empty string${at i key}") [ "org" "bucket" "user" ]
    ++ optional (!(builtins.isInt (i.retentionSeconds or 0) && (i.retentionSeconds or 0) >= 0))
         "topology: influxdb: retentionSeconds must be a non-negative integer (0 = keep forever)${at i "retentionSeconds"}";

  modelErrors = t:
    let
      m = t.model;
      comps = m.computations or [ ];
      nodeNames = map (n: n.name or null) (t.opcua.nodes or [ ]);
      typeOf = name: (head (filter (n: n.name or null == name) t.opcua.nodes)).type or "?";
    in
    missingErr "topology: model" m [ "consumerGroup" "computations" ]
    ++ missingErr "topology: measurements" t.measurements [ "opc" "model" ]
    ++ optional (t.measurements ? opc && t.measurements ? model && t.measurements.opc == t.measurements.model)
         "topology: measurements: 'opc' and 'model' must differ${at t.measurements "model"}"
    ++ concatMap (c:
      let e = "topology: model computation '${toString (c.name or "?")}'"; in
      missingErr e c [ "name" "function" "inputs" ]
      ++ optional (c ? name && !h.isIdentifier c.name)
           "${e}: name must match [A-Za-z_][A-Za-z0-9_]*${at c "name"}"
      ++ optional (c ? function && !(h.modelFunctions ? ${toString c.function}))
           "${e}: unknown function '${toString c.function}' (one of ${concatStringsSep ", " (attrNames h.modelFunctions)})${at c "function"}"
      ++ optional (c ? inputs && (!isList c.inputs || c.inputs == [ ]))
           "${e}: inputs must be a non-empty list of node names${at c "inputs"}"
      ++ concatMap (i:
           if !(builtins.elem i nodeNames) then
             [ "${e}: input '${toString i}' is not a node (nodes: ${concatStringsSep ", " (map toString nodeNames)})${at c "inputs"}" ]
           else optional (!(h.opcuaTypes ? ${typeOf i} && h.opcuaTypes.${typeOf i}.numeric))
             "${e}: input '${i}' has type ${typeOf i}, but computations take numeric inputs only${at c "inputs"}")
         (if isList (c.inputs or null) then c.inputs else [ ]))
      comps
    ++ (let d = findDuplicate (c: c.name or null) comps; in optional (d != null)
         "topology: model computation '${toString d.key}': declared twice${at d.second "name"}");

  telegrafErrors = t:
    let
      agents = { collector = [ "interval" "flushInterval" "subscriptionInterval" ]; modelIngest = [ "interval" "flushInterval" ]; };
    in
    concatLists (mapToList (agent: keys:
      let a = t.telegraf.${agent} or { }; e = "topology: telegraf.${agent}"; in
      missingErr e a keys
      ++ concatMap (k: optional (a ? ${k} && !h.isDuration a.${k})
           "${e}: ${k} '${toString a.${k}}' is not a Telegraf duration (e.g. 250ms, 1s)${at a k}") keys)
      agents)
    ++ (let c = t.telegraf.collector or { }; in optional (c ? timestamp && !(builtins.elem c.timestamp [ "gather" "server" "source" ]))
         "topology: telegraf.collector: timestamp must be gather, server or source${at c "timestamp"}");

  # (measurement, field) pairs the pipeline produces, and the tags of each measurement.
  produced = t: builtins.listToAttrs [
    { name = t.measurements.opc; value = { fields = map (n: n.name) t.opcua.nodes ++ h.opcExtraFields; tags = [ "id" ]; }; }
    { name = t.measurements.model; value = { fields = [ "value" ]; tags = [ "name" ]; }; }
  ];

  grafanaErrors = t:
    let
      g = t.grafana;
      ds = g.datasource or { };
      dash = g.dashboard or { };
      panels = dash.panels or [ ];
      prod = produced t;
      allFields = concatMap (m: prod.${m}.fields) (attrNames prod);
    in
    missingErr "topology: grafana" g [ "datasource" "dashboard" ]
    ++ missingErr "topology: grafana.datasource" ds [ "name" "uid" ]
    ++ missingErr "topology: grafana.dashboard" dash [ "title" "uid" "panels" ]
    ++ optional (ds ? uid && !h.isUid ds.uid)
         "topology: grafana.datasource: uid '${toString ds.uid}' must be 1-40 of [A-Za-z0-9_-]${at ds "uid"}"
    ++ optional (dash ? uid && !h.isUid dash.uid)
         "topology: grafana.dashboard: uid '${toString dash.uid}' must be 1-40 of [A-Za-z0-9_-]${at dash "uid"}"
    ++ optional (dash ? panels && panels == [ ]) "topology: grafana.dashboard: no panels${at dash "panels"}"
    ++ concatMap (p:
      let
        e = "topology: panel '${toString (p.title or "?")}'";
        hasQuery = p ? query;
        measurements = if hasQuery then fluxRefs "_measurement" p.query
          else if p ? measurement then [ p.measurement ] else [ ];
        fields = if hasQuery then fluxRefs "_field" p.query else p.fields or [ ];
        knownFields = if measurements == [ ] then allFields
          else concatMap (m: (prod.${m} or { fields = [ ]; }).fields) measurements;
        knownTags = concatMap (m: (prod.${m} or { tags = [ ]; }).tags) measurements;
      in
      missingErr e p ([ "title" "datasource" ] ++ (if hasQuery then [ ] else [ "measurement" "fields" ]))
      ++ optional (p ? datasource && p.datasource != (ds.uid or null))
           "${e}: datasource uid '${toString p.datasource}' is not a provisioned datasource (known: '${toString (ds.uid or "")}')${at p "datasource"}"
      ++ concatMap (m: optional (!(prod ? ${m}))
           "${e}: measurement '${m}' is produced by no node (known: ${concatStringsSep ", " (attrNames prod)})${at p (if hasQuery then "query" else "measurement")}")
           measurements
      ++ concatMap (f: optional (!(builtins.elem f knownFields))
           "${e}: field '${f}' is produced by no node in ${concatStringsSep ", " measurements} (known: ${concatStringsSep ", " knownFields})${at p (if hasQuery then "query" else "fields")}")
           fields
      ++ concatMap (tag: optional (!(builtins.elem tag knownTags))
           "${e}: groupBy tag '${tag}' is not a tag of ${concatStringsSep ", " measurements} (known: ${concatStringsSep ", " knownTags})${at p "groupBy"}")
           (p.groupBy or [ ])
      ++ optional (hasQuery && !(isString p.query))
           "${e}: query must be a Flux string${at p "query"}"
      ++ optional (hasQuery && isString p.query && h.fluxMixesAndOr p.query)
           "${e}: Flux query mixes 'and' and 'or' without parentheses — write (a and b) or c${at p "query"}")
      panels
    ++ (let d = findDuplicate (p: p.title or null) panels; in optional (d != null)
         "topology: panel '${toString d.key}': title used twice${at d.second "title"}");

  secretErrors = t:
    concatLists (mapToList (name: s: optional (!(isAttrs s && isString (s.env or null) && match "[A-Z_][A-Z0-9_]*" s.env != null))
      "topology: secret '${name}': declare { env = \"VAR_NAME\"; } (the variable that carries it) — never the value${at t.secrets name}")
      t.secrets)
    ++ missingErr "topology: secrets" t.secrets [ "influxToken" "influxPassword" "grafanaAdminPassword" "grafanaSecretKey" ];

  # Problems of a target env against the topology: missing addresses, port clashes on one address.
  envErrors = t: env:
    let
      e = "env '${toString (env.name or "?")}'";
      hostNames = attrNames t.hosts;
      ports = env.ports or { };
      portOf = p: ports."${p.svc}.${p.attr}" or (if p.attr == "port" then ports.${p.svc} or p.port else p.port);
      bound = map (p: p // { eff = portOf p; addr = env.bind.${p.host} or "?"; }) (servicePorts t);
    in
    missingErr e env [ "name" "addresses" "bind" "paths" ]
    ++ concatMap (host: optional (!((env.addresses or { }) ? ${host}))
         "${e}: no address for host '${host}'") hostNames
    ++ concatMap (host: optional (!((env.bind or { }) ? ${host}))
         "${e}: no bind address for host '${host}'") hostNames
    ++ concatMap (p: optional (!h.isPort p.eff)
         "${e}: port ${toString p.eff} of service '${p.svc}' is not a TCP port") bound
    ++ (let d = findDuplicate (p: "${p.addr}:${toString p.eff}") bound; in optional (d != null)
         "${e}: service '${d.second.svc}' ${d.second.attr} ${toString d.second.eff} clashes with service '${d.first.svc}' on ${d.second.addr} — override one in env.ports")
    ++ concatMap (k: optional (!((env.paths or { }) ? ${k})) "${e}: missing paths.${k}")
         [ "kafkaLogDir" "collectorMetricsFile" "grafanaDashboardsDir" "grafanaDir" "influxdbDir" "grafanaProvisioningDir" ];

  # true, or a throw with the first error (and how many more there are).
  check = t: env:
    let
      errs = errors t;
      all' = if errs != [ ] || env == null then errs else envErrors t env;
      more = length all' - 1;
    in
    if all' == [ ] then true
    else throw (head all' + (if more > 0 then " [and ${toString more} more]" else ""));
}
