"""InfluxDB probe: run Flux and return rows with the type InfluxDB stored for each value."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from harness.errors import HarnessError


@dataclass(frozen=True)
class Row:
    """One Flux record: its columns and the Flux data type of `_value` (double, long, string, …)."""

    values: dict[str, Any]
    value_type: str

    @property
    def value(self) -> Any:
        return self.values.get("_value")


class InfluxProbe:
    """Flux queries against one InfluxDB 2 org."""

    def __init__(self, url: str, token: str, org: str) -> None:
        from influxdb_client import InfluxDBClient

        self.url = url
        self.org = org
        self.client = InfluxDBClient(url=url, token=token, org=org, timeout=15000)
        self.api = self.client.query_api()

    def query(self, flux: str) -> list[Row]:
        """Run `flux`; each record with its `_value` column's data type."""
        from influxdb_client.rest import ApiException

        try:
            tables = self.api.query(flux, org=self.org)
        except ApiException as exc:
            raise HarnessError(f"influxdb rejected a Flux query ({exc.status}): {exc.body!s:.300}",
                               where=self.url) from exc
        rows: list[Row] = []
        for table in tables:
            types = {column.label: column.data_type for column in table.columns}
            value_type = types.get("_value", "")
            rows.extend(Row(dict(record.values), value_type) for record in table.records)
        return rows

    def close(self) -> None:
        self.client.close()
