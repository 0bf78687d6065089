"""`python -m harness config show|render|validate`: the configuration derived from topology.nix."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from harness import config as cfg


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """show [--json] | render --target T --out DIR | validate."""
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    def common(p: argparse.ArgumentParser) -> None:
        p.add_argument("--topology", type=Path, default=None, help="topology file (default: topology.nix)")
        p.add_argument("--run-dir", type=Path, default=None, help="run directory (default: .run/)")

    show = sub.add_parser("show", help="the topology and the settings it yields for a target")
    common(show)
    show.add_argument("--target", default="local", choices=cfg.TARGETS)
    show.add_argument("--json", action="store_true", help="print {topology, env, settings} as JSON")

    render = sub.add_parser("render", help="write every service's configuration file into DIR")
    common(render)
    render.add_argument("--target", default="local", choices=cfg.TARGETS)
    render.add_argument("--out", type=Path, required=True, help="directory to write (also the config dir)")

    validate = sub.add_parser("validate", help="evaluate and check the topology for every target")
    common(validate)


def run(args: argparse.Namespace) -> int:
    """Dispatch to the action; errors are HarnessError lines (printed by harness.cli)."""
    return {"show": _show, "render": _render, "validate": _validate}[args.action](args)


def _show(args: argparse.Namespace) -> int:
    config = cfg.load(args.topology, target=args.target, run_dir=args.run_dir)
    if args.json:
        json.dump({"topology": config.topology_data, "env": config.env, "settings": config.settings},
                  sys.stdout, indent=2, sort_keys=True)
        print()
        return 0
    from rich.table import Table

    from harness.commands._common import table_console

    t = config.topology
    console = table_console()
    console.print(f"[bold]{t.name}[/] from {config.topology_path} — target [bold]{config.target}[/]")
    services = Table("service", "host", "declared", f"{config.target} address", "ports", title="services")
    for s in t.services.values():
        ports = ", ".join(f"{k}={v}" for k, v in sorted(s.ports.items()))
        services.add_row(s.name, s.host, t.hosts[s.host].address, config.env["addresses"][s.host], ports)
    console.print(services)
    nodes = Table("node", "id", "type", "period (s)", title=f"OPC-UA nodes ({t.namespace_uri})")
    for n in t.nodes:
        nodes.add_row(n.name, n.id, n.type.name, str(n.simulation.get("period", "-")))
    console.print(nodes)
    console.print(f"kafka topics: {t.topics}   influxdb: org={t.influx_org} bucket={t.influx_bucket} "
                  f"user={t.influx_user}")
    console.print("model: " + ", ".join(f"{c.name}={c.function}({', '.join(c.inputs)})" for c in t.computations))
    console.print(f"grafana: datasource {t.datasource_name} (uid {t.datasource_uid}); dashboard "
                  f"'{t.dashboard_title}' panels: {', '.join(p.title for p in t.panels)}")
    console.print("files: " + ", ".join(config.texts()))
    return 0


def _render(args: argparse.Namespace) -> int:
    out = args.out.expanduser().resolve()
    config = cfg.load(args.topology, target=args.target, run_dir=args.run_dir, config_dir=out)
    for name, path in config.render(out).items():
        print(f"{name}\t{path}")
    return 0


def _validate(args: argparse.Namespace) -> int:
    checked = []
    for target in cfg.TARGETS:
        config = cfg.load(args.topology, target=target, run_dir=args.run_dir)
        config.texts()
        checked.append(target)
    t = config.topology
    print(f"ok: {config.topology_path} — {len(t.hosts)} hosts, {len(t.nodes)} nodes, {len(t.topics)} topics, "
          f"{len(t.panels)} panels; renders for {', '.join(checked)}")
    return 0
