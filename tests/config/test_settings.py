"""What the renderers produce, asserted on real values of the reference topology."""

from __future__ import annotations

import configparser
import json
import subprocess
import tomllib

import yaml
from config_support import RUN_DIR, requires_nix

from harness import config
from harness.config.nix import STORE_ARGS
from harness.paths import REPO_ROOT

pytestmark = requires_nix


def _local() -> config.Config:
    return config.load(REPO_ROOT / "topology.nix", target="local", run_dir=RUN_DIR)


def test_reference_topology_declares_the_pipeline() -> None:
    t = _local().topology
    assert {h.name: h.address for h in t.hosts.values()} == {
        "opc": "192.168.0.5", "collector": "192.168.0.7", "db": "192.168.0.10"}
    assert {s.name: s.ports for s in t.services.values()} == {
        "opc": {"port": 4840}, "kafka": {"port": 9092, "controllerPort": 9093},
        "influxdb": {"port": 8086}, "grafana": {"port": 3000}}
    assert [(n.name, n.id, n.type.name, n.simulation["period"]) for n in t.nodes] == [
        ("Temperature", "ns=2;i=2", "Double", 0.2), ("Pressure", "ns=2;i=3", "Double", 2),
        ("SlowSensor", "ns=2;i=4", "Double", 8)]
    assert t.topics == {"opc": "opc", "model": "model"}
    assert [(c.name, c.function) for c in t.computations] == [("model1", "mean_abs"), ("model2", "geomean_abs")]
    assert (t.influx_org, t.influx_bucket, t.influx_user) == ("devorg", "dev", "devuser")
    assert (t.datasource_name, t.datasource_uid, t.dashboard_title) == (
        "InfluxDB2Flux", "influxdb2-flux", "Sensor Dashboard")


def test_collector_toml() -> None:
    toml = tomllib.loads(_local().texts()["collector.toml"])
    listener = toml["inputs"]["opcua_listener"][0]
    assert listener["endpoint"] == "opc.tcp://127.0.0.1:4840/freeopcua/server/"
    assert listener["name_override"] == "opc_server"
    assert (listener["security_policy"], listener["security_mode"], listener["auth_method"]) == (
        "None", "None", "Anonymous")
    assert listener["nodes"][0] == {"name": "Temperature", "namespace": "2", "identifier_type": "i",
                                    "identifier": "2"}
    kafka = toml["outputs"]["kafka"][0]
    assert kafka == {"brokers": ["127.0.0.1:9092"], "topic": "opc", "data_format": "json",
                     "json_timestamp_units": "1ns"}
    assert toml["outputs"]["influxdb_v2"][0]["token"] == "${INFLUX_TOKEN}"
    assert toml["outputs"]["influxdb_v2"][0]["influx_uint_support"] is True  # UInt64 > 2^63-1 kept (fuzz)
    assert toml["outputs"]["file"][0] == {"files": [f"{RUN_DIR}/data/telegraf/metrics.out"], "data_format": "influx",
                                          "influx_uint_support": True}
    assert toml["agent"]["omit_hostname"] is True


def test_model_ingest_toml() -> None:
    consumer = tomllib.loads(_local().texts()["model-ingest.toml"])["inputs"]["kafka_consumer"][0]
    assert consumer["topics"] == ["model"] and consumer["kafka_version"] == "4.0.0"
    assert consumer["name_override"] == "model"
    assert consumer["json_v2"] == [{"timestamp_path": "timestamp", "timestamp_format": "unix_ns",
                                    "tag": [{"path": "name"}], "field": [{"path": "value", "type": "float"}]}]


def test_kafka_properties_are_a_kraft_single_node() -> None:
    text = _local().texts()["kafka/server.properties"]
    props = dict(line.split("=", 1) for line in text.splitlines() if line and not line.startswith("#"))
    assert props["process.roles"] == "broker,controller"
    assert props["controller.quorum.voters"] == "1@127.0.0.1:9093"
    assert props["listeners"] == "PLAINTEXT://127.0.0.1:9092,CONTROLLER://127.0.0.1:9093"
    assert props["log.dirs"] == f"{RUN_DIR}/data/kafka"
    assert props["offsets.topic.replication.factor"] == "1"
    assert props["auto.create.topics.enable"] == "true"


def test_grafana_provisioning_and_ini() -> None:
    texts = _local().texts()
    ds = yaml.safe_load(texts["grafana/provisioning/datasources/datasource.yaml"])["datasources"][0]
    assert (ds["name"], ds["uid"], ds["type"], ds["url"]) == (
        "InfluxDB2Flux", "influxdb2-flux", "influxdb", "http://127.0.0.1:8086")
    assert ds["jsonData"] == {"version": "Flux", "organization": "devorg", "defaultBucket": "dev"}
    assert ds["secureJsonData"] == {"token": "$__env{INFLUX_TOKEN}"}
    providers = yaml.safe_load(texts["grafana/provisioning/dashboards/dashboards.yaml"])["providers"]
    assert providers[0]["options"]["path"] == f"{RUN_DIR}/config/grafana/dashboards"
    ini = configparser.ConfigParser(interpolation=None)
    ini.read_string(texts["grafana/grafana.ini"])
    assert ini["server"]["http_addr"] == "127.0.0.1" and ini["server"]["http_port"] == "3000"
    assert ini["security"]["admin_password"] == "$__env{GF_SECURITY_ADMIN_PASSWORD}"
    assert ini["paths"]["provisioning"] == f"{RUN_DIR}/config/grafana/provisioning"


def test_dashboard_panels_reference_the_datasource_with_parenthesised_flux() -> None:
    dashboard = json.loads(_local().texts()["grafana/dashboards/sensor-dashboard.json"])
    assert dashboard["title"] == "Sensor Dashboard"
    assert [p["title"] for p in dashboard["panels"]] == ["Temperature", "Pressure", "SlowSensor",
                                                         "Model Computations"]
    for panel in dashboard["panels"]:
        assert panel["datasource"] == {"type": "influxdb", "uid": "influxdb2-flux"}
        (target,) = panel["targets"]
        assert target["datasource"]["uid"] == "influxdb2-flux"
        for macro in ("v.defaultBucket", "v.timeRangeStart", "v.timeRangeStop", "v.windowPeriod"):
            assert macro in target["query"]
    assert ('filter(fn: (r) => (r._measurement == "opc_server") and (r._field == "Temperature"))'
            in dashboard["panels"][0]["targets"][0]["query"])


def test_secrets_are_referenced_never_inlined() -> None:
    cfg = _local()
    assert cfg.settings["secrets"] == {"influxToken": "INFLUX_TOKEN", "influxPassword": "INFLUX_PASSWORD",
                                       "grafanaAdminPassword": "GF_SECURITY_ADMIN_PASSWORD",
                                       "grafanaSecretKey": "GF_SECURITY_SECRET_KEY"}
    setup = json.loads(cfg.texts()["influxdb/setup.json"])
    assert setup == {"org": "devorg", "bucket": "dev", "username": "devuser", "retentionSeconds": 0,
                     "url": "http://127.0.0.1:8086", "passwordEnv": "INFLUX_PASSWORD", "tokenEnv": "INFLUX_TOKEN"}
    for text in cfg.texts().values():
        for line in text.splitlines():
            if any(word in line.lower() for word in ("token", "password", "secret_key")):
                assert any(ref in line for ref in ("${", "$__env{", "Env", "sqlite")), line


def _flux_mixes(queries: list[str]) -> list[bool]:
    expr = f"map (import {REPO_ROOT}/nixos/lib).fluxMixesAndOr (builtins.fromJSON ''{json.dumps(queries)}'')"
    out = subprocess.run(["nix-instantiate", *STORE_ARGS, "--eval", "--strict", "--json", "--expr", expr],
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out)


def test_flux_and_or_rule() -> None:
    cases = {
        'filter(fn: (r) => (r._measurement == "m") and (r._field == "a"))': False,
        'filter(fn: (r) => r._measurement == "m" and r._field == "a" or r._field == "b")': True,
        'filter(fn: (r) => (r._measurement == "m" and r._field == "a") or r._field == "b")': False,
        'filter(fn: (r) => r._measurement == "m" and (r._field == "a" or r._field == "b"))': False,
        'filter(fn: (r) => r._field == "sand or band" and r.x == "y")': False,
        'filter(fn: (r) => r.order == 1 and r.brand == 2)': False,
        'filter(fn: (r) => r.a == 1 or r.b == 2 or r.c == 3)': False,
        'filter(fn: (r) => (r.a == 1) and r.b == 2 or (r.c == 3))': True,
        'f(x: (1 and 2 or 3))': True,
    }
    assert _flux_mixes(list(cases)) == list(cases.values())
    generated = [p["targets"][0]["query"] for p in _local().settings["dashboard"]["panels"]]
    assert _flux_mixes(generated) == [False] * len(generated)
