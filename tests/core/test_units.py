"""Pure pieces of the harness: durations, Grafana's Flux macros, the model math, value equality."""

from __future__ import annotations

import math
from datetime import UTC, datetime

import pytest

from harness.durations import seconds
from harness.e2e import expected
from harness.e2e.round import same_value
from harness.probes.grafana import go_duration, parse_frames, substitute_macros


@pytest.mark.parametrize(("text", "value"), [("250ms", 0.25), ("1s", 1.0), ("1m30s", 90.0), ("100ms", 0.1), (2, 2.0)])
def test_durations(text: str | int, value: float) -> None:
    assert seconds(text) == pytest.approx(value)


@pytest.mark.parametrize("bad", ["", "1", "1x", "s1", "1s garbage"])
def test_bad_durations_are_rejected(bad: str) -> None:
    with pytest.raises(ValueError, match="not a duration"):
        seconds(bad)


@pytest.mark.parametrize(("value", "text"),
                         [(0.2, "200ms"), (1, "1s"), (60, "1m0s"), (90.5, "1m30.5s"), (3600, "1h0m0s")])
def test_go_duration_matches_go_formatting(value: float, text: str) -> None:
    assert go_duration(value) == text


def test_flux_macros_are_substituted_as_grafana_does() -> None:
    flux = ('from(bucket: v.defaultBucket) |> range(start: v.timeRangeStart, stop: v.timeRangeStop) '
            '|> aggregateWindow(every: v.windowPeriod, fn: last) |> filter(fn: (r) => r.org == v.organization)')
    out = substitute_macros(flux, start=datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC),
                            stop=datetime(2026, 1, 2, 3, 5, 5, tzinfo=UTC), interval_s=1, bucket="dev",
                            organization="devorg")
    assert out == ('from(bucket: "dev") |> range(start: 2026-01-02T03:04:05.000000Z, '
                   'stop: 2026-01-02T03:05:05.000000Z) |> aggregateWindow(every: 1s, fn: last) '
                   '|> filter(fn: (r) => r.org == "devorg")')


def test_grafana_frames_become_series() -> None:
    answer = {"results": {"A": {"frames": [{"schema": {"fields": [
        {"name": "_time", "type": "time"}, {"name": "_value", "type": "number", "labels": {"_field": "Temperature"}}]},
        "data": {"values": [[1, 2], [20.5, 21.5]]}}]}}}
    (series,) = parse_frames(answer)
    assert series.labels == {"_field": "Temperature"} and series.points == [(1, 20.5), (2, 21.5)]


def test_model_math_is_recomputed_independently() -> None:
    assert expected.mean_abs([-1.0, 2.0, -3.0]) == pytest.approx(2.0)
    assert expected.geomean_abs([-2.0, 8.0]) == pytest.approx(4.0)
    assert expected.geomean_abs([0.0, 5.0]) == 0.0
    assert expected.close(4.000000000001, 4.0) and not expected.close(4.01, 4.0) and not expected.close(True, 1.0)


def test_same_value_is_strict_about_types_and_values() -> None:
    assert same_value("Double", 1.5, 1.5)
    assert not same_value("Double", 1.5, 1.5000001)
    assert same_value("Double", math.nan, math.nan)
    assert not same_value("Boolean", True, 1)
    assert same_value("String", "x", "x") and not same_value("String", "x", "y")


def test_html_report_shows_every_check_and_the_latency_chart(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from harness.e2e.checks import Check
    from harness.e2e.html import write_html

    checks = [Check("kafka:opc", "Temperature", True, 84.0, 1.5, 1.5),
              Check("influx:model", "model1", False, None, 2.0, "no rows", log="model-ingest.log")]
    text = write_html(checks, tmp_path / "r.html", title="e2e", facts={"target": "local"}).read_text()
    assert "1 passed, 1 failed" in text and "<svg" in text and "84 ms" in text
    assert "FAIL influx:model [model1]: expected 2.0, saw &#x27;no rows&#x27;" in text


def test_polled_latencies_after_a_failed_hop_are_marked_as_upper_bounds() -> None:
    from harness.e2e.checks import Check
    from harness.e2e.round import LATE, mark_late_latencies

    checks = [Check("kafka:opc", "Temperature", True, 90.0, 1.0, 1.0),
              Check("kafka:opc", "Pressure", False, None, 2.0, "no record"),
              Check("influx:opc_server", "Temperature", True, 15000.0, 1.0, 1.0),
              Check("model:model", "model1", True, 120.0, 1.5, 1.5)]
    mark_late_latencies(checks)
    assert [c.note for c in checks] == ["", "", LATE, ""]
