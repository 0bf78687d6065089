# checks.lint: every .nix file parses, the flake's own Nix files are nixpkgs-fmt clean, the
# Python is ruff clean, and the VM test script is generated and compiles (runNixOSTest also
# pyflakes/mypy-checks it when the e2e test is built).
{ pkgs
, pipeline
, ...
}:
let
  lib = pkgs.lib;
  root = ../.;
  src = lib.fileset.toSource {
    inherit root;
    fileset = lib.fileset.unions [
      (lib.fileset.fileFilter (file: file.hasExt "nix" || file.hasExt "py") root)
      (root + "/pyproject.toml")
    ];
  };
  # Broken on purpose: the harness's tests assert its parse error names file and line.
  brokenOnPurpose = [ "./fixtures/topologies/bad/syntax-error.nix" ];
  # The files this flake's maintainers format with `nix fmt` (nixpkgs-fmt). topology.nix and
  # nixos/lib keep their authors' layout; they are parse-checked like every file.
  formatted = [
    "flake.nix"
    "nixos/modules"
    "nixos/hosts"
    "nixos/packages"
    "checks"
    "tests/flake"
  ];
in
pkgs.runCommand "pipeline-lint"
{
  nativeBuildInputs = [
    pkgs.nix
    pkgs.nixpkgs-fmt
    pkgs.ruff
    pipeline.pythonEnv
  ];
}
  ''
    export HOME=$TMPDIR NIX_STATE_DIR=$TMPDIR/nix-state
    cd ${src}
    echo "parse:"
    find . -name '*.nix' | sort | grep -vxF ${lib.concatMapStringsSep " " (f: "-e ${f}") brokenOnPurpose} > $TMPDIR/nix-files
    while read -r f; do
      nix-instantiate --store dummy:// --parse "$f" > /dev/null || { echo "  does not parse: $f"; exit 1; }
    done < $TMPDIR/nix-files
    echo "  $(wc -l < $TMPDIR/nix-files) .nix files parse"
    echo "format (nixpkgs-fmt --check):"
    nixpkgs-fmt --check ${lib.concatStringsSep " " formatted}
    echo "ruff:"
    ruff check --no-cache .
    echo "VM test script:"
    nix-instantiate --store dummy:// --eval --strict --json -E '
      let t = import ./topology.nix; in import ./checks/e2e-script.nix {
        topology = t; env = (import ./nixos/lib).envs.nixos t;
        testerAddress = "192.168.0.100"; src = "/src"; }' \
      | python -c 'import json, sys; compile(json.load(sys.stdin), "testScript", "exec")'
    echo "  compiles"
    touch $out
  ''
