"""Every dashboard panel shows the injected values: through Grafana where one runs, otherwise the
panel's own Flux with Grafana's macro substitution, run on InfluxDB (and reported as such)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

from harness.e2e import expected as model_math
from harness.e2e.checks import Check, latency_ms
from harness.pipeline import Pipeline
from harness.probes.grafana import substitute_macros
from harness.probes.influx import InfluxProbe

WITHOUT_GRAFANA = "panel query verified without Grafana"
_NOT_LABELS = {"_value", "_time", "_start", "_stop", "result", "table"}


def declared_panels(pipe: Pipeline) -> dict[str, dict[str, Any]]:
    """The topology's panel declarations by title (what each panel must show)."""
    return {p["title"]: p for p in pipe.target.topology["grafana"]["dashboard"]["panels"]}


def panel_expectations(pipe: Pipeline, declared: dict[str, Any], values: dict[str, Any],
                       model: dict[str, float]) -> dict[str, tuple[dict[str, str], Any, bool]]:
    """subject -> (labels a point must carry, value it must have, compare approximately)."""
    if declared["measurement"] == pipe.measurements["model"]:
        return {name: ({"name": name}, value, True) for name, value in model.items()}
    return {field: ({"_field": field}, values[field], False) for field in declared["fields"] if field in values}


def _points_from_rows(rows: list[Any]) -> list[tuple[dict[str, str], Any]]:
    return [({k: str(v) for k, v in r.values.items() if k not in _NOT_LABELS}, r.value) for r in rows]


def _points_from_series(series: list[Any]) -> list[tuple[dict[str, str], Any]]:
    points = []
    for s in series:
        labels = dict(s.labels)
        if s.field not in ("_value", "") and "_field" not in labels:
            labels["_field"] = s.field
        points += [(labels, value) for _, value in s.points]
    return points


def _matches(point: tuple[dict[str, str], Any], labels: dict[str, str], value: Any, approximate: bool) -> bool:
    point_labels, point_value = point
    if any(key in point_labels and point_labels[key] != want for key, want in labels.items()):
        return False
    if approximate:
        return model_math.close(point_value, value)
    return point_value == value and not isinstance(point_value, bool)


def check_panels(pipe: Pipeline, influx: InfluxProbe, values: dict[str, Any], model: dict[str, float],
                 written: dict[str, int], started: datetime, timeout: float) -> list[Check]:
    """Run each panel target's query until its values show, or `timeout`."""
    grafana = pipe.grafana()
    declared = declared_panels(pipe)
    checks: list[Check] = []
    last_write = max(written.values())
    for panel in pipe.dashboard.get("panels", []):
        title = panel.get("title", "?")
        hop = f"{'grafana' if grafana else 'panel'}:{title}"
        if title not in declared:
            checks.append(Check(hop, title, False, None, "a panel declared in topology.nix", "undeclared panel"))
            continue
        wanted = panel_expectations(pipe, declared[title], values, model)
        found: dict[str, int] = {}
        points: list[tuple[dict[str, str], Any]] = []
        deadline = time.monotonic() + timeout
        while True:
            stop = datetime.now(UTC) + timedelta(seconds=1)
            points = []
            for target in panel.get("targets", []):
                flux = target.get("query", "")
                uid = (target.get("datasource") or panel.get("datasource") or {}).get("uid", "")
                if grafana is not None:
                    series = grafana.query(uid, flux, start=started, stop=stop, interval_s=pipe.panel_window)
                    points += _points_from_series(series)
                else:
                    text = substitute_macros(flux, start=started, stop=stop, interval_s=pipe.panel_window,
                                             bucket=pipe.influx["bucket"], organization=pipe.influx["org"])
                    points += _points_from_rows(influx.query(text))
            for subject, (labels, value, approx) in wanted.items():
                if subject not in found and any(_matches(p, labels, value, approx) for p in points):
                    found[subject] = time.time_ns()
            if len(found) == len(wanted) or time.monotonic() >= deadline:
                break
            time.sleep(0.25)
        note = "" if grafana else WITHOUT_GRAFANA
        for subject, (labels, value, _) in wanted.items():
            reference = written.get(subject, last_write)
            if subject in found:
                checks.append(Check(hop, subject, True, latency_ms(found[subject], reference), value, value,
                                    note=note))
            else:
                seen = [v for lab, v in points if all(lab.get(k, w) == w for k, w in labels.items())][-3:]
                checks.append(Check(hop, subject, False, None, value, seen or "no points", note=note,
                                    log=pipe.target.log_of("grafana") if grafana else "the dashboard JSON "
                                    f"(run_dir/config/grafana/dashboards), panel {title!r}"))
        if not wanted:
            checks.append(Check(hop, title, False, None, "a field this panel shows", "nothing to check"))
    return checks
