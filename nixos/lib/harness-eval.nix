# Entry point of the harness (harness/config/nix.py): one evaluation gives the topology, the
# target env and every setting. `envArgs` is JSON: { runDir, configDir?, ports? } for the
# local/netns envs, or { env = {...}; } to pass a whole env (e.g. for a remote target).
{ topologyFile, target, envArgs ? "{}" }:
let
  plib = import ./.;
  topology = import topologyFile;
  args = builtins.fromJSON envArgs;
  known = builtins.attrNames plib.envs;
  env =
    if args ? env then args.env
    else if target == "nixos" then plib.envs.nixos topology
    else if plib.envs ? ${target} then plib.envs.${target} topology args
    else throw "harness: unknown target '${target}' (one of ${builtins.concatStringsSep ", " known})";
in
{
  inherit topology env;
  settings = plib.settings { inherit topology env; };
  inherit (plib) opcuaTypes modelFunctions;
}
