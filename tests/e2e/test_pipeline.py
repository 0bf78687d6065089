"""The main job as a test story: inject one unique value per node, then expect it at every hop.

Runs unchanged against every target: `pytest -m e2e --target local|nixos`."""

from __future__ import annotations

import pytest

from harness.e2e.html import write_html
from harness.e2e.report import write_json
from harness.e2e.round import RoundResult, run_round
from harness.e2e.values import unique_values
from harness.pipeline import Pipeline
from harness.steps import StepLog

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def round_result(pipeline: Pipeline, steps: StepLog) -> RoundResult:
    """One round: hold the simulation, write a unique value to every node, follow it through."""
    values = unique_values(pipeline.nodes)
    result = run_round(pipeline, values, steps=steps)
    target = pipeline.target
    path = write_json(result.checks, target.run_dir / "reports", extra={"target": target.name, "via": "pytest"})
    write_html(result.checks, path.with_suffix(".html"), title=f"e2e on {target!r} (pytest)",
               facts={"target": target.name, "injected": ", ".join(f"{k}={v!r}" for k, v in values.items())})
    return result


def expect_hop(result: RoundResult, hop_prefix: str) -> None:
    """Every check of the hop passed; a failure names hop, expected, seen and the log to read."""
    __tracebackhide__ = True
    checks = [c for c in result.checks if c.hop.startswith(hop_prefix)]
    if not checks:
        pytest.fail(f"no check ran for hop {hop_prefix!r}: a hop that was not checked is not a pass")
    failures = [c.failure_line() for c in checks if not c.ok]
    if failures:
        pytest.fail("\n".join(failures), pytrace=False)


def test_every_node_value_arrives_in_kafka(pipeline: Pipeline, round_result: RoundResult) -> None:
    expect_hop(round_result, f"kafka:{pipeline.topics['opc']}")
    assert {c.subject for c in round_result.checks if c.hop.startswith("kafka:")} == {n.name for n in pipeline.nodes}


def test_every_node_value_is_queryable_in_influxdb(pipeline: Pipeline, round_result: RoundResult) -> None:
    expect_hop(round_result, f"influx:{pipeline.measurements['opc']}")


def test_model_recomputes_from_injected_values(pipeline: Pipeline, round_result: RoundResult) -> None:
    expect_hop(round_result, f"model:{pipeline.topics['model']}")
    assert {c.subject for c in round_result.checks if c.hop.startswith("model:")} == {
        c.name for c in pipeline.computations}


def test_model_measurement_reaches_influxdb(pipeline: Pipeline, round_result: RoundResult) -> None:
    expect_hop(round_result, f"influx:{pipeline.measurements['model']}")


def test_every_dashboard_panel_shows_the_values(pipeline: Pipeline, round_result: RoundResult) -> None:
    prefix = "grafana:" if pipeline.grafana() is not None else "panel:"
    expect_hop(round_result, prefix)
    titles = {c.hop.split(":", 1)[1] for c in round_result.checks if c.hop.startswith(prefix)}
    assert titles == {p["title"] for p in pipeline.dashboard["panels"]}
    if prefix == "panel:":
        print("no Grafana server on this machine: panel queries verified without Grafana "
              "(Flux with Grafana's macro substitution, run on InfluxDB)")
