# `nix develop`: the Python environment plus the real service binaries of this nixpkgs, so the
# harness's local target finds them on PATH instead of provisioning its own, and the Nix and
# secrets tools used by the flake, its checks and deployments.
{ mkShell
, pipeline
, ruff
, nixpkgs-fmt
, nixos-rebuild-ng ? null
, nixos-rebuild
, sops
, ssh-to-age
, age
,
}:
mkShell {
  packages = [
    pipeline.devPythonEnv
    ruff
    nixpkgs-fmt
    (if nixos-rebuild-ng != null then nixos-rebuild-ng else nixos-rebuild)
    sops
    ssh-to-age
    age
  ]
  ++ pipeline.serviceBinaries;

  shellHook = ''
    # The working tree's code, not the store copy: an editable install into a venv that sees the
    # environment's packages (offline: --no-deps --no-build-isolation). Delete .venv-nix after
    # a nixpkgs update.
    if [ ! -x .venv-nix/bin/python ]; then
      python -m venv --system-site-packages .venv-nix
      .venv-nix/bin/python -m pip install --quiet --no-deps --no-build-isolation -e .
    fi
    source .venv-nix/bin/activate
    export PYTHONDONTWRITEBYTECODE=1
  '';
}
