"""The flake declares the hosts, packages, checks, apps and dev shells docs/NIX.md promises.

flake.nix's `outputs` is evaluated by Nix with stand-in inputs (tests/flake/structure.nix) for
the names only: removing any host, package, check or app fails here. Whether they build needs
Nix with its store and KVM (docs/NIX.md)."""

from __future__ import annotations

import re
from typing import Any

import pytest

from .nixeval import evaluate, requires_nix

pytestmark = requires_nix


@pytest.fixture(scope="module")
def flake() -> Any:
    return evaluate("import ./tests/flake/structure.nix")


def test_hosts(flake: Any) -> None:
    assert set(flake["nixosConfigurations"]) == {"opc@raspberry", "opc@vbox", "collector@vbox", "db@vbox"}


def test_packages(flake: Any) -> None:
    for system in ("x86_64-linux", "aarch64-linux"):
        assert {"opc-server", "model", "harness", "default"} <= set(flake["packages"][system])
    assert {"opc-vbox-image", "collector-vbox-image", "db-vbox-image"} <= set(flake["packages"]["x86_64-linux"])
    assert "opc-raspberry-sd-image" in flake["packages"]["aarch64-linux"]


def test_checks_apps_shells_modules(flake: Any) -> None:
    assert set(flake["checks"]["x86_64-linux"]) == {"e2e", "parity", "lint"}
    assert "harness" in flake["apps"]["x86_64-linux"]
    assert "default" in flake["devShells"]["x86_64-linux"]
    assert {"default", "opc-server", "pipeline-model"} <= set(flake["nixosModules"])


def test_inputs_are_pinned_by_revision(flake: Any) -> None:
    inputs = flake["inputs"]
    for name in ("nixpkgs", "sops-nix"):
        assert re.fullmatch(r"github:[\w-]+/[\w-]+/[0-9a-f]{40}", inputs[name]["url"]), inputs[name]["url"]
    assert inputs["sops-nix"]["inputs"]["nixpkgs"]["follows"] == "nixpkgs"
