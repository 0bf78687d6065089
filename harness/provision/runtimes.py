"""The runtimes the harness starts: where each binary is and the argv to run it (docs/INTERFACES.md §2).

Resolution order: a binary on PATH with the wanted major version (as inside `nix develop`), else the
entry `python -m harness provision` built into the cache. `PIPELINE_RUNTIMES=built` skips PATH (to use
or benchmark the cache's own builds). Grafana is only ever found, never built.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from harness.errors import HarnessError
from harness.provision import DEV_TOOLS, cache, check_known, recipe, spec

KAFKA_HEAP = "-Xmx512m"


def use_path() -> bool:
    """Whether binaries on PATH may be used (`PIPELINE_RUNTIMES` is `auto`, the default) or only built ones."""
    mode = os.environ.get("PIPELINE_RUNTIMES", "auto")
    if mode not in ("auto", "built"):
        raise HarnessError(f"PIPELINE_RUNTIMES={mode!r} is not understood", fix="set it to auto or built")
    return mode == "auto"


@dataclass(frozen=True)
class Runtime:
    """One provisioned or located runtime and the command lines to run it."""

    component: str
    version: str
    source: str  # "path" | "built"
    path: Path  # the executable; for Kafka the directory of its jars
    extra: Mapping[str, str] = field(default_factory=dict)  # kafka: java; grafana: homepath, how

    def _expect(self, component: str) -> None:
        if self.component != component:
            raise HarnessError(f"{component} command asked of the {self.component} runtime",
                               fix=f"use runtime({component!r})")

    def telegraf_command(self, config: Path | str) -> list[str]:
        """argv for `telegraf --config <config>`."""
        self._expect("telegraf")
        return [str(self.path), "--config", str(config)]

    def influxd_command(self, flags: Mapping[str, object] | Sequence[str] = ()) -> list[str]:
        """argv for influxd with `--key=value` flags (from a mapping of influxd config keys, or given as is).

        `--reporting-disabled` is added unless the flags say otherwise: no phoning home from here.
        """
        self._expect("influxdb")
        if isinstance(flags, Mapping):
            args: list[str] = []
            for key, value in flags.items():
                values = value if isinstance(value, list | tuple) else [value]
                for item in values:
                    text = str(item).lower() if isinstance(item, bool) else str(item)
                    args.append(f"--{key}={text}")
        else:
            args = [str(flag) for flag in flags]
        if not any(arg.startswith("--reporting-disabled") for arg in args):
            args.append("--reporting-disabled")
        return [str(self.path), *args]

    def _java(self) -> list[str]:
        return [self.extra["java"], "-cp", f"{self.path}/*"]

    def kafka_format_command(self, cluster_id: str, properties: Path | str) -> list[str]:
        """argv that formats a KRaft log directory (`kafka-storage format -t <id> -c <properties>`)."""
        self._expect("kafka")
        from harness.provision import kafka

        return [*self._java(), f"-Dlog4j2.configurationFile={kafka.tools_log4j_file()}",
                "kafka.tools.StorageTool", "format", "-t", cluster_id, "-c", str(properties)]

    def kafka_server_command(self, properties: Path | str, log4j_config: Path | str) -> list[str]:
        """argv that runs the KRaft broker+controller with our log4j2 config (see `kafka_log4j_config`)."""
        self._expect("kafka")
        return [self.extra["java"], KAFKA_HEAP, "-Djava.awt.headless=true", "-cp", f"{self.path}/*",
                f"-Dlog4j2.configurationFile={log4j_config}", "kafka.Kafka", str(properties)]

    def grafana_command(self, homepath: Path | str | None, config: Path | str) -> list[str]:
        """argv for the Grafana server (`grafana server` or the older `grafana-server`)."""
        self._expect("grafana")
        given = Path(homepath) if homepath else None
        if given is not None and (given / "conf" / "defaults.ini").is_file():
            home = str(given)
        else:  # not a Grafana home (e.g. the binary's own path): use the one found next to the binary
            home = self.extra.get("homepath") or (str(given) if given else "")
        if not home:
            raise HarnessError("grafana: no homepath known", where=str(self.path),
                               fix="pass homepath, or set GRAFANA_HOME to Grafana's share/grafana directory")
        head = [str(self.path)] if self.path.name == "grafana-server" else [str(self.path), "server"]
        return [*head, "--homepath", home, "--config", str(config)]


def kafka_log4j_config(log_file: Path | str | None = None) -> str:
    """log4j2 properties text for the broker: INFO to `log_file`, or to stdout when None."""
    from harness.provision import kafka

    return kafka.log4j_config(Path(log_file) if log_file is not None else None)


def _kafka() -> Runtime | None:
    from harness.provision import kafka, toolchain

    java = toolchain.java()
    if java is None:
        raise HarnessError("kafka: no Java runtime (need 17+)", fix="apt-get install openjdk-17-jre-headless")
    if use_path() and (found := kafka.on_path()) and spec.major(found[0]) == spec.major(spec.version("kafka")):
        return Runtime("kafka", found[0], "path", found[1], {"java": str(java)})
    if hit := cache.good_entry("kafka"):
        entry, manifest = hit
        return Runtime("kafka", manifest["version"], "built", entry / manifest["artifact"], {"java": str(java)})
    return None


def _binary(component: str) -> Runtime | None:
    module = recipe(component)
    if use_path() and (found := module.on_path()):
        return Runtime(component, found[0], "path", found[1])
    if hit := cache.good_entry(component):
        entry, manifest = hit
        return Runtime(component, manifest["version"], "built", entry / manifest["artifact"])
    return None


def locate(component: str) -> Runtime | None:
    """The runtime (or dev tool) for a component, or None when it is not provisioned (Grafana: raises with the
    reason)."""
    check_known(component)
    if component == "grafana":
        from harness.provision import grafana

        found, reason = grafana.locate()
        if found is None:
            raise HarnessError(reason)
        extra = {"how": found.how, **({"homepath": str(found.homepath)} if found.homepath else {})}
        return Runtime("grafana", found.version, "path", found.binary, extra)
    return _kafka() if component == "kafka" else _binary(component)


def optional_runtime(component: str) -> Runtime | None:
    """Like `runtime`, but None where the component is not provisioned or (Grafana) not on this machine."""
    try:
        return locate(component)
    except HarnessError:
        return None


def runtime(component: str) -> Runtime:
    """The runtime (or dev tool) for `component`, one of `KNOWN`; HarnessError when there is none."""
    found = locate(component)
    if found is None:
        how = "python -m harness provision --tools" if component in DEV_TOOLS else "python -m harness provision"
        raise HarnessError(f"{component} is not provisioned on this machine (cache {cache.entry_dir(component)})",
                           fix=f"run `{how}`")
    return found
