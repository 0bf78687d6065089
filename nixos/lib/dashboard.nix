# The Grafana dashboard JSON: one panel per declared panel, each a Flux query against the
# datasource by its fixed uid. Queries use Grafana's Flux variables v.defaultBucket,
# v.timeRangeStart, v.timeRangeStop and v.windowPeriod (the harness substitutes them when it
# runs panel queries without Grafana).
c:
let
  t = c.topology;
  h = c.h;
  d = t.grafana.dashboard;
  ds = { type = "influxdb"; uid = t.grafana.datasource.uid; };
  inherit (builtins) concatStringsSep all;

  fieldNumeric = measurement: field:
    if measurement == t.measurements.model then true
    else all (n: n.typeInfo.numeric) (builtins.filter (n: n.name == field) c.nodes)
      && builtins.any (n: n.name == field) c.nodes;

  # Flux for a { measurement; fields; groupBy? } panel; and/or always parenthesised.
  fluxFor = p:
    let
      fieldTest = concatStringsSep " or " (map (f: "r._field == ${h.quote f}") p.fields);
      groupBy = p.groupBy or [ ];
    in
    concatStringsSep "\n" ([
      "from(bucket: v.defaultBucket)"
      "  |> range(start: v.timeRangeStart, stop: v.timeRangeStop)"
      "  |> filter(fn: (r) => (r._measurement == ${h.quote p.measurement}) and (${fieldTest}))"
    ] ++ h.optional (groupBy != [ ])
      "  |> group(columns: [${concatStringsSep ", " (map h.quote ([ "_measurement" "_field" ] ++ groupBy))}])"
    ++ [
      "  |> aggregateWindow(every: v.windowPeriod, fn: last, createEmpty: false)"
      "  |> yield(name: \"last\")"
    ]);

  panelType = p:
    p.type or (if p ? query || all (f: fieldNumeric p.measurement f) p.fields then "timeseries" else "table");

  panel = i: p: {
    id = i + 1;
    type = panelType p;
    inherit (p) title;
    datasource = ds // { uid = p.datasource; };
    gridPos = { h = 8; w = 12; x = 12 * (i - 2 * (i / 2)); y = 8 * (i / 2); };
    targets = [{
      refId = "A";
      datasource = ds // { uid = p.datasource; };
      query = p.query or (fluxFor p);
    }];
    fieldConfig = { defaults = { }; overrides = [ ]; };
    options = { };
  };
in
{
  inherit (d) uid title;
  refresh = d.refresh or "5s";
  schemaVersion = 39;
  version = 1;
  editable = false;
  timezone = "browser";
  time = { from = "now-15m"; to = "now"; };
  tags = [ "pipeline" t.name ];
  panels = h.imap0 panel d.panels;
}
