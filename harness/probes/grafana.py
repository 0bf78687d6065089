"""Grafana probe: run a panel's query through Grafana's `/api/ds/query`, or — where no Grafana server
runs — apply the same macro substitution Grafana's Flux datasource applies and run it on InfluxDB."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from harness.errors import HarnessError

_FLUX_VARIABLE = re.compile(r"([a-zA-Z]+)\.([a-zA-Z]+)")


def go_duration(seconds: float) -> str:
    """Format like Go's time.Duration.String(): 0.2 -> '200ms', 1 -> '1s', 60 -> '1m0s', 90.5 -> '1m30.5s'."""
    if seconds < 1:
        milliseconds = seconds * 1000
        return f"{milliseconds:g}ms"
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{secs:g}s"
    if hours or minutes:
        text = f"{int(minutes)}m{text}"
    if hours:
        text = f"{int(hours)}h{text}"
    return text


def substitute_macros(flux: str, *, start: datetime, stop: datetime, interval_s: float,
                      bucket: str, organization: str) -> str:
    """Replace `v.timeRangeStart`, `v.timeRangeStop`, `v.windowPeriod`, `v.defaultBucket`, `v.bucket`,
    `v.organization`, `$__interval_ms` and `$__interval` as Grafana's Flux datasource does."""
    start_text = start.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    stop_text = stop.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    replacements = {
        "timeRangeStart": start_text,
        "timeRangeStop": stop_text,
        "windowPeriod": go_duration(interval_s),
        "bucket": f'"{bucket}"',
        "defaultBucket": f'"{bucket}"',
        "organization": f'"{organization}"',
    }
    for whole, _prefix, name in {(m.group(0), m.group(1), m.group(2)) for m in _FLUX_VARIABLE.finditer(flux)}:
        if name in replacements:
            flux = flux.replace(whole, replacements[name])
    flux = flux.replace("$__interval_ms", str(int(interval_s * 1000)))
    return flux.replace("$__interval", go_duration(interval_s))


@dataclass(frozen=True)
class PanelSeries:
    """One series a panel query returned: its labels and its (time_ms, value) points."""

    labels: dict[str, str]
    field: str
    points: list[tuple[int, Any]]


class GrafanaProbe:
    """Queries through a running Grafana's HTTP API with the admin credentials of the stack."""

    def __init__(self, url: str, user: str, password: str) -> None:
        import requests

        self.url = url.rstrip("/")
        self.session = requests.Session()
        self.session.auth = (user, password)

    def datasource(self, uid: str) -> dict[str, Any]:
        """The provisioned datasource with `uid` (raises if Grafana does not know it)."""
        response = self.session.get(f"{self.url}/api/datasources/uid/{uid}", timeout=10)
        if response.status_code != 200:
            raise HarnessError(f"grafana has no datasource uid {uid!r} ({response.status_code})", where=self.url)
        return response.json()

    def dashboard(self, uid: str) -> dict[str, Any]:
        """The provisioned dashboard JSON."""
        response = self.session.get(f"{self.url}/api/dashboards/uid/{uid}", timeout=10)
        if response.status_code != 200:
            raise HarnessError(f"grafana has no dashboard uid {uid!r} ({response.status_code})", where=self.url)
        return response.json()["dashboard"]

    def query(self, datasource_uid: str, flux: str, *, start: datetime, stop: datetime,
              interval_s: float) -> list[PanelSeries]:
        """Run one panel target through `/api/ds/query`."""
        body = {
            "from": str(int(start.timestamp() * 1000)),
            "to": str(int(stop.timestamp() * 1000)),
            "queries": [{"refId": "A", "datasource": {"uid": datasource_uid}, "query": flux,
                         "intervalMs": int(interval_s * 1000), "maxDataPoints": 1000}],
        }
        response = self.session.post(f"{self.url}/api/ds/query", json=body, timeout=30)
        if response.status_code != 200:
            raise HarnessError(f"grafana /api/ds/query answered {response.status_code}: {response.text[:300]}",
                               where=self.url)
        return parse_frames(response.json())


def parse_frames(answer: dict[str, Any]) -> list[PanelSeries]:
    """Grafana data frames -> series of (time, value) points, one per value field."""
    series: list[PanelSeries] = []
    for result in answer.get("results", {}).values():
        if result.get("error"):
            raise HarnessError(f"grafana query error: {result['error']}")
        for frame in result.get("frames", []):
            fields = frame["schema"]["fields"]
            columns = frame["data"]["values"]
            times = next((columns[i] for i, f in enumerate(fields) if f.get("type") == "time"), [])
            for index, spec in enumerate(fields):
                if spec.get("type") == "time":
                    continue
                series.append(PanelSeries(dict(spec.get("labels") or {}), spec.get("name", ""),
                                          list(zip(times, columns[index], strict=False))))
    return series
