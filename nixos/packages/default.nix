# The pipeline's Python applications, built once from the repository's pyproject.toml.
#
# - `dist`: the `pipeline-harness` distribution (packages harness, opc, model; scripts
#   pipeline-harness, opc-server, pipeline-model), python3Packages.buildPythonApplication.
# - `opc-server`, `model`: the two service entry points of that one build.
# - `harness`: `pipeline-harness` run from a store copy of the repository (topology.nix,
#   nixos/lib, tests/ sit next to the package, as the harness expects), with the service
#   binaries of this nixpkgs on PATH so that `nix run .#harness -- e2e` finds real ones.
# - `pythonEnv`: Python with the distribution and the test tools (the VM test's tester);
#   `devPythonEnv`: the same without the distribution (the dev shell installs the tree editable).
{ lib
, python3
, runCommand
, makeWrapper
, nix
, telegraf
, influxdb2-server
, influxdb2-cli
, apacheKafka
, grafana
,
}:
let
  ps = python3.pkgs;
  root = ../..;
  pyproject = lib.importTOML (root + "/pyproject.toml");
  inherit (pyproject.project) version;

  # kafka-python came back to nixpkgs as `kafka-python` (>= 2.2); older pins only have the
  # `kafka-python-ng` fork, which installs the same `kafka` package under another name.
  kafkaPythonOk = builtins.tryEval (lib.versionAtLeast ps.kafka-python.version "2.2");
  useKafkaPython = kafkaPythonOk.success && kafkaPythonOk.value;
  kafka = if useKafkaPython then ps.kafka-python else ps.kafka-python-ng;

  runtimeDeps = [
    ps.asyncua
    kafka
    ps.influxdb-client
    ps.requests
    ps.rich
    ps.tomli-w
    ps.pyyaml
  ];
  testDeps = [
    ps.pytest
    ps.pytest-timeout
    ps.hypothesis
    ps.pytest-testinfra
  ];

  # Only what the distribution is built from: a change to docs or Nix files does not rebuild it.
  distSrc = lib.fileset.toSource {
    inherit root;
    fileset = lib.fileset.unions [
      (root + "/pyproject.toml")
      (root + "/harness")
      (root + "/opc")
      (root + "/model")
    ];
  };

  # What the harness reads at run time besides its own package (REPO_ROOT in harness/paths.py).
  repoSrc = lib.fileset.toSource {
    inherit root;
    fileset = lib.fileset.unions (
      [
        (root + "/pyproject.toml")
        (root + "/topology.nix")
        (root + "/harness")
        (root + "/opc")
        (root + "/model")
        (root + "/nixos/lib")
        (root + "/tests")
      ]
      ++ map lib.fileset.maybeMissing [
        (root + "/conftest.py")
        (root + "/versions.json")
        (root + "/fixtures")
      ]
    );
  };

  dist = ps.buildPythonApplication {
    pname = "pipeline-harness";
    inherit version;
    pyproject = true;
    src = distSrc;
    build-system = [ ps.setuptools ];
    dependencies = runtimeDeps;
    # The fork's distribution name differs; the import name `kafka` is the same.
    pythonRemoveDeps = lib.optional (!useKafkaPython) "kafka-python";
    pythonImportsCheck = [
      "harness"
      "opc"
      "model"
    ];
    # The unit tests run in the `lint`/CI jobs and the e2e suite in checks.e2e, not at build time.
    doCheck = false;
    meta = {
      description = "Pipeline harness, OPC-UA server and model service";
      mainProgram = "pipeline-harness";
    };
  };

  entryPoint =
    name: program:
    runCommand "${name}-${version}"
      {
        meta = dist.meta // {
          mainProgram = program;
        };
        passthru = { inherit dist; };
      }
      ''
        mkdir -p $out/bin
        ln -s ${dist}/bin/${program} $out/bin/${program}
      '';

  pythonEnv = python3.withPackages (_: [ dist ] ++ runtimeDeps ++ testDeps);

  # For `nix develop`: the dependencies only; the working tree is installed editable on top.
  devPythonEnv = python3.withPackages (_: runtimeDeps ++ testDeps ++ [ ps.setuptools ]);

  # Runtimes the harness's local target uses when they are on PATH (harness/provision).
  serviceBinaries = [
    telegraf
    influxdb2-server
    influxdb2-cli
    apacheKafka
    grafana
    nix
  ];

  harness =
    runCommand "pipeline-harness-app-${version}"
      {
        nativeBuildInputs = [ makeWrapper ];
        meta = dist.meta;
        passthru = {
          inherit dist pythonEnv repoSrc;
        };
      }
      ''
        mkdir -p $out/bin $out/share
        ln -s ${repoSrc} $out/share/pipeline
        makeWrapper ${pythonEnv}/bin/python $out/bin/pipeline-harness \
          --add-flags "-m harness" \
          --prefix PYTHONPATH : ${repoSrc} \
          --set PYTHONDONTWRITEBYTECODE 1 \
          --suffix PATH : ${lib.makeBinPath serviceBinaries} \
          --run 'export PIPELINE_RUN_DIR="''${PIPELINE_RUN_DIR:-$PWD/.run}"'
      '';
in
{
  inherit
    dist
    pythonEnv
    devPythonEnv
    repoSrc
    harness
    serviceBinaries
    ;
  opc-server = entryPoint "opc-server" "opc-server";
  model = entryPoint "pipeline-model" "pipeline-model";
}
