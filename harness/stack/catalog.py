"""The local stack's services, in dependency waves, each configured from the rendered settings."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import requests

from harness.errors import HarnessError
from harness.provision.runtimes import kafka_log4j_config
from harness.stack import health
from harness.stack.secrets import StackSecrets
from harness.stack.services import (
    LocalLayout,
    ServiceSpec,
    base_environment,
    host_port,
    python_service,
    settings_value,
)

MODEL_READY = "model: ready"
OPC_READY = "opc: ready"


def kafka_spec(settings: dict[str, Any], files: dict[str, Path], layout: LocalLayout, runtime: Any) -> ServiceSpec:
    """Kafka in KRaft mode: formatted on first start, topics created once it serves."""
    properties = files["kafka/server.properties"]
    log4j = layout.config / "kafka" / "log4j2.properties"
    log4j.parent.mkdir(parents=True, exist_ok=True)
    log4j.write_text(kafka_log4j_config())
    kafka = settings_value(settings, "kafka")
    log_dirs = kafka.get("log.dirs") or kafka.get("log.dir")
    log_dir = Path(log_dirs[0] if isinstance(log_dirs, list) else str(log_dirs).split(",")[0])
    broker = settings_value(settings, "model", "brokers")[0]
    host, port = host_port(broker)
    controller_port = _controller_port(kafka)
    topics = settings_value(settings, "kafkaTopics")
    cluster_id = settings_value(settings, "kafkaClusterId")

    def prepare() -> None:
        if not (log_dir / "meta.properties").exists():
            log_dir.mkdir(parents=True, exist_ok=True)
            _run_checked(runtime.kafka_format_command(cluster_id, properties), "kafka storage format", layout)

    def after_start() -> None:
        from harness.probes.kafka import ensure_topics

        ensure_topics(broker, topics)

    return ServiceSpec(
        name="kafka",
        host="db",
        argv=runtime.kafka_server_command(properties, log4j),
        ports=[port, controller_port],
        config_files=[properties],
        healthy=lambda: health.port_open(host, port),
        wave=0,
        env={"KAFKA_HEAP_OPTS": "-Xmx512m"},
        prepare=prepare,
        after_start=after_start,
        health_timeout=120.0,
    )


def _controller_port(kafka: dict[str, Any]) -> int:
    listeners = kafka.get("listeners")
    items = listeners if isinstance(listeners, list) else str(listeners).split(",")
    for item in items:
        if item.startswith("CONTROLLER://"):
            return host_port(item.removeprefix("CONTROLLER://"))[1]
    raise HarnessError("kafka settings have no CONTROLLER listener", where="settings.kafka.listeners")


def influxdb_spec(settings: dict[str, Any], secrets: StackSecrets, runtime: Any) -> ServiceSpec:
    """InfluxDB 2: started with the rendered settings, then set up once with the run's token."""
    setup = settings_value(settings, "influxdbSetup")
    url = setup["url"]
    _, port = host_port(url)
    influx_settings = settings_value(settings, "influxdbSettings")
    for key in ("bolt-path", "engine-path", "sqlite-path"):
        if key in influx_settings:
            Path(influx_settings[key]).parent.mkdir(parents=True, exist_ok=True)

    def after_start() -> None:
        allowed = requests.get(f"{url}/api/v2/setup", timeout=5).json().get("allowed", False)
        if not allowed:
            return
        response = requests.post(
            f"{url}/api/v2/setup",
            json={
                "username": setup["username"],
                "password": secrets.influx_password,
                "org": setup["org"],
                "bucket": setup["bucket"],
                "retentionPeriodSeconds": int(setup.get("retentionSeconds", 0)),
                "token": secrets.influx_token,
            },
            timeout=10,
        )
        if response.status_code != 201:
            raise HarnessError(f"influxdb setup answered {response.status_code}: {response.text[:200]}")

    return ServiceSpec(
        name="influxdb",
        host="db",
        argv=runtime.influxd_command(influx_settings),
        ports=[port],
        config_files=[],
        healthy=lambda: health.http_ok(f"{url}/health", expect_json_status="pass"),
        wave=0,
        after_start=after_start,
    )


def opc_spec(settings: dict[str, Any], files: dict[str, Path], layout: LocalLayout) -> ServiceSpec:
    """Our OPC-UA plant simulator."""
    config = files["opc.json"]
    port = int(settings_value(settings, "opcServer", "port"))
    host = settings_value(settings, "opcServer", "bind")
    return ServiceSpec(
        name="opc",
        host="opc",
        argv=python_service("opc", config),
        ports=[port],
        config_files=[config],
        healthy=lambda: health.port_open("127.0.0.1" if host == "0.0.0.0" else host, port),
        wave=0,
    )


def model_spec(files: dict[str, Path], layout: LocalLayout) -> ServiceSpec:
    """Our model service; healthy once it has its Kafka partitions."""
    config = files["model.json"]
    log = layout.log("model")
    return ServiceSpec(
        name="model",
        host="db",
        argv=python_service("model", config),
        ports=[],
        config_files=[config],
        healthy=lambda: health.log_contains(log, MODEL_READY),
        wave=1,
    )


def telegraf_spec(
    name: str, host: str, config: Path, runtime: Any, secrets: StackSecrets, ready: Any
) -> ServiceSpec:
    """A Telegraf agent with the run's token in its environment."""
    return ServiceSpec(
        name=name,
        host=host,
        argv=runtime.telegraf_command(config),
        ports=[],
        config_files=[config],
        healthy=ready,
        wave=1,
        env={"INFLUX_TOKEN": secrets.influx_token},
    )


def grafana_spec(settings: dict[str, Any], files: dict[str, Path], layout: LocalLayout, runtime: Any,
                 secrets: StackSecrets) -> ServiceSpec:
    """Grafana, only where a server is available on this machine."""
    ini = files["grafana/grafana.ini"]
    server = settings_value(settings, "grafanaSettings", "server")
    host, port = server.get("http_addr") or "127.0.0.1", int(server["http_port"])
    return ServiceSpec(
        name="grafana",
        host="db",
        argv=runtime.grafana_command(None, ini),
        ports=[port],
        config_files=[f for k, f in files.items() if k.startswith("grafana/")],
        healthy=lambda: health.http_ok(f"http://{host}:{port}/api/health"),
        wave=2,
        env=secrets.environment(),
        health_timeout=120.0,
    )


def _run_checked(argv: list[str], what: str, layout: LocalLayout) -> None:
    import subprocess

    log = layout.logs / f"{what.replace(' ', '-')}.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "wb") as handle:
        result = subprocess.run(argv, stdout=handle, stderr=subprocess.STDOUT, check=False)
    if result.returncode != 0:
        raise HarnessError(f"{what} failed (exit {result.returncode})", where=str(log))


def build(settings: dict[str, Any], files: dict[str, Path], layout: LocalLayout, secrets: StackSecrets,
          runtimes: dict[str, Any]) -> list[ServiceSpec]:
    """Every service of the local stack, with logs and environments filled in."""
    metrics_file = Path(settings_value(settings, "telegrafCollector", "outputs", "file")[0]["files"][0])
    ingest_log = layout.log("model-ingest")
    specs = [
        kafka_spec(settings, files, layout, runtimes["kafka"]),
        influxdb_spec(settings, secrets, runtimes["influxdb"]),
        opc_spec(settings, files, layout),
        model_spec(files, layout),
        telegraf_spec("collector", "collector", files["collector.toml"], runtimes["telegraf"], secrets,
                      lambda: health.file_has_data(metrics_file)),
        telegraf_spec("model-ingest", "db", files["model-ingest.toml"], runtimes["telegraf"], secrets,
                      lambda: health.log_contains(ingest_log, "Started the kafka consumer")
                      or health.log_contains(ingest_log, "Loaded outputs")),
    ]
    def fresh_metrics_file() -> None:
        metrics_file.parent.mkdir(parents=True, exist_ok=True)
        metrics_file.unlink(missing_ok=True)

    specs[4].prepare = fresh_metrics_file
    if runtimes.get("grafana") is not None:
        specs.append(grafana_spec(settings, files, layout, runtimes["grafana"], secrets))
    for spec in specs:
        spec.log = layout.log(spec.name)
        spec.env = base_environment(spec.env)
    (layout.run_dir / "endpoints.json").write_text(json.dumps({s.name: s.ports for s in specs}, indent=2))
    return specs
