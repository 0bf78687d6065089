# Small pure helpers (builtins only, no nixpkgs): strings, lists, positions, node ids, Flux.
let
  inherit (builtins) concatStringsSep elemAt filter foldl' genList head isList length match
    replaceStrings split stringLength substring tail unsafeGetAttrPos;
in
rec {
  opcuaTypes = import ./opcua-types.nix;

  # Functions the model service implements (model/): name -> what it computes.
  modelFunctions = {
    mean_abs = "arithmetic mean of the absolute values";
    geomean_abs = "geometric mean of the absolute values";
  };

  # Fields Telegraf's opcua_listener adds to every metric besides the node's own field.
  opcExtraFields = [ "Quality" ];

  # " (at FILE:LINE)" for attribute `name` of `attrs`, or "" when Nix does not know it.
  at = attrs: name:
    let p = if builtins.isAttrs attrs then unsafeGetAttrPos name attrs else null;
    in if p == null then "" else " (at ${p.file}:${toString p.line})";

  # First attribute of `names` that `attrs` lacks, or null.
  firstMissing = attrs: names:
    let missing = filter (n: !(attrs ? ${n})) names;
    in if missing == [ ] then null else head missing;

  # { key; first; second; } for the first key seen twice in `list` (by `keyOf`), or null.
  findDuplicate = keyOf: list:
    let
      step = acc: x:
        if acc.dup != null then acc
        else
          let k = keyOf x;
              earlier = filter (e: keyOf e == k) acc.seen;
          in if earlier != [ ] then acc // { dup = { key = k; first = head earlier; second = x; }; }
             else acc // { seen = acc.seen ++ [ x ]; };
    in (foldl' step { seen = [ ]; dup = null; } list).dup;

  concatMap = f: list: builtins.concatLists (map f list);
  optional = cond: x: if cond then [ x ] else [ ];
  optionals = cond: xs: if cond then xs else [ ];
  imap0 = f: list: genList (i: f i (elemAt list i)) (length list);
  attrValues = attrs: map (n: attrs.${n}) (builtins.attrNames attrs);
  mapToList = f: attrs: map (n: f n attrs.${n}) (builtins.attrNames attrs);
  isPositiveNumber = x: (builtins.isInt x || builtins.isFloat x) && x > 0;
  isPort = x: builtins.isInt x && x >= 1 && x <= 65535;
  isDuration = s: builtins.isString s && match "([0-9]+(ns|us|ms|s|m|h))+" s != null;
  isIPv4 = s: builtins.isString s
    && (let m = match "([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})\\.([0-9]{1,3})" s;
        in m != null && builtins.all (o: builtins.fromJSON o <= 255) m);
  isIdentifier = s: builtins.isString s && match "[A-Za-z_][A-Za-z0-9_]*" s != null;
  # Grafana uids: at most 40 of [A-Za-z0-9_-].
  isUid = s: builtins.isString s && match "[A-Za-z0-9_-]{1,40}" s != null;
  # What Kafka accepts as a topic name (Topic.validate): 1..249 of [a-zA-Z0-9._-], not "." or "..".
  isKafkaTopic = s: builtins.isString s && match "[a-zA-Z0-9._-]{1,249}" s != null && s != "." && s != "..";

  # "ns=2;i=2" -> { namespace = 2; identifierType = "i"; identifier = "2"; }, or null when it does
  # not parse. i = numeric (UInt32), s = string, g = GUID, b = base64 opaque.
  parseNodeId = id:
    let
      m = if builtins.isString id then match "ns=([0-9]+);([isgb])=(.+)" id else null;
      ns = elemAt m 0;
      kind = elemAt m 1;
      ident = elemAt m 2;
      hex = n: "[0-9a-fA-F]{${toString n}}";
      identOk =
        if kind == "i" then match "[0-9]{1,10}" ident != null && builtins.fromJSON ident <= 4294967295
        else if kind == "g" then match "${hex 8}-${hex 4}-${hex 4}-${hex 4}-${hex 12}" ident != null
        else if kind == "b" then match "([A-Za-z0-9+/]{4})*([A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?" ident != null
        else true;
    in
    if m == null || stringLength ns > 5 || !identOk then null
    else { namespace = builtins.fromJSON ns; identifierType = kind; identifier = ident; };

  # Flux: true when some parenthesised group (or the top level) of `query` mixes `and` and `or`
  # without parentheses, e.g. `r.a == 1 and r.b == 2 or r.c == 3`. String literals are ignored.
  fluxMixesAndOr = query:
    let
      noStrings = replaceStrings [ "\\\"" ] [ "" ] query;
      stripped = concatStringsSep "\"\"" (filter builtins.isString (split "\"[^\"]*\"" noStrings));
      word = w: s: match "(.*[^A-Za-z0-9_.])?${w}([^A-Za-z0-9_].*)?" s != null;
      mixes = s: word "and" s && word "or" s;
      # Check the innermost groups, replace them by a placeholder, repeat until no parentheses.
      go = s:
        let
          parts = split "\\(([^()]*)\\)" s;
          groups = map head (filter isList parts);
          rest = concatStringsSep "_" (filter builtins.isString parts);
        in
        if groups == [ ] then mixes s
        else builtins.any mixes groups || go rest;
    in go stripped;

  # A Flux/JSON string literal for `s`.
  quote = s: "\"" + replaceStrings [ "\\" "\"" ] [ "\\\\" "\\\"" ] s + "\"";

  inherit concatStringsSep substring tail;
}
