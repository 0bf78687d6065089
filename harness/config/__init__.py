"""The configuration from topology.nix: evaluated by Nix (nixos/lib), typed, rendered per target.

    cfg = load("topology.nix", target="local", run_dir=Path(".run"))
    cfg.topology.nodes, cfg.settings["telegrafCollector"], cfg.render()  # -> {name: Path}
"""

from harness.config.loader import TARGETS, Config, clear_cache, load
from harness.config.model import Node, OpcType, Panel, Topology
from harness.config.nix import NixEvalError, parse_file
from harness.config.render import FILES

__all__ = ["FILES", "TARGETS", "Config", "NixEvalError", "Node", "OpcType", "Panel", "Topology",
           "clear_cache", "load", "parse_file"]
