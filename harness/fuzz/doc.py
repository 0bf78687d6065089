"""Render docs/CONTRACTS.md from the contract table and the recorded observations (nothing hand-written
about a type's behaviour lives in the doc: edit harness/fuzz/contracts.py, then regenerate)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from harness.fuzz.contracts import ABSENT_, CASES, CONTRACTS, CONVERSIONS, CONVERTED, EQUAL, NA, STAGES, UPSTREAM
from harness.paths import REPO_ROOT

DOC = REPO_ROOT / "docs" / "CONTRACTS.md"

HEADER = """# Stage contracts: what each OPC-UA value becomes at every stage

Generated from `harness/fuzz/contracts.py` and `fixtures/fuzz/observations.json` by
`python -m harness fuzz --contracts-md` — do not edit by hand (tests/fuzz/test_contracts.py checks it is current).

Stages, in pipeline order: `kafka:opc` (Telegraf's JSON record on topic `opc`), `influx:opc` (the field in
measurement `opc_server`, read back with Flux), `model` (the `abs_<node>` record the model publishes on
topic `model`; the fuzz topology gives every numeric node a computation of its own), `influx:model`
(that record in measurement `model`), `panel` (the node's dashboard panel query, Grafana's macros
substituted). A stage's rules read the value its upstream stage must hold; the first matching rule decides:
**equal**, **converted** (by the named rule) or **absent** (with the reason). Every converted/absent rule
cites an observation from the real services (`python -m harness fuzz --record`).

Checked by `pytest -m fuzz` and `python -m harness fuzz`: Hypothesis generates batches (one value per node,
strategies derived from the declared types, edge values always reachable), the harness writes each batch in
one OPC-UA Write with its own SourceTimestamp (the collector uses `timestamp = "source"`, so the stamp
identifies the batch at every stage) and checks every stage against this table.
"""

NOTES = """## Pipeline-level facts found while fuzzing

- **UInt64 above 2^63-1 was clamped** to 9223372036854775807 in InfluxDB (Telegraf writes unsigned values as
  integers unless `influx_uint_support = true`). Fixed in `nixos/lib/telegraf-collector.nix`; unsigned types are
  now stored as `unsignedLong`. An existing bucket that already holds such a field as integer rejects the new
  type ("field type conflict", 422): migrate or use a new bucket when upgrading.
- **An unchanged value is not reported.** The OPC-UA server notifies subscribers only when a written value
  differs (Python `==`, so `-0.0` after `0.0`, or a Float that rounds to the same float32, is "unchanged"), and
  then nothing reaches Kafka or InfluxDB. The fuzz writer guards this by writing a different value 1 ms earlier.
- **JSON numbers of float fields must be read as doubles** (see Double at `kafka:opc`); Go writes `-0.0` as `-0`,
  which a plain JSON reader turns into integer 0 (our model takes its absolute value, so it is unaffected).
- **Batch computations** (`mean_all` = mean_abs, `geomean_all` = geomean_abs over every numeric node): the last
  record the model publishes at a batch's timestamp, and the point stored for it, equal the function over the
  model's inputs after the batch (for each input, its last finite value on topic `opc`); within relative 1e-9
  or absolute 1e-320 (the model sums in a different order than the harness's exact rational mean).
"""


def _outcome(rule: Any) -> str:
    if rule.outcome == CONVERTED and rule.convert:
        return f"converted: {CONVERSIONS[rule.convert][0]}"
    return {EQUAL: "equal", ABSENT_: "absent", NA: "—"}.get(rule.outcome, rule.outcome)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _observed(observations: dict[str, Any], type_name: str, stage: str, case: str) -> str:
    entry = observations.get(f"{type_name}|{stage}|{case}")
    return f"`{_cell(entry['shown'])}`" if entry else ""


def _overview() -> list[str]:
    lines = ["## Overview", "", "A stage downstream of another (model, influx:model, panel) is absent wherever its "
             "upstream is.", "", "| type | " + " | ".join(f"`{s}`" for s in STAGES) + " |",
             "|---|" + "---|" * len(STAGES)]
    for type_name, stages in CONTRACTS.items():
        cells = []
        for stage in STAGES:
            parts = []
            shown = [rule for rule in stages[stage] if rule.case != "absent"]  # derived absence is implied
            for rule in shown:
                word = {EQUAL: "equal", CONVERTED: "converted", ABSENT_: "absent", NA: "—"}[rule.outcome]
                stored = f" ({rule.stored})" if rule.stored else ""
                case = rule.case in ("any", "always", "present") or len(shown) == 1
                parts.append(f"{word}{stored}" if case else f"{CASES[rule.case][0]}: {word}{stored}")
            cells.append(_cell("; ".join(parts)))
        lines.append(f"| {type_name} | " + " | ".join(cells) + " |")
    return lines


def render(observations: dict[str, Any]) -> str:
    """The whole document."""
    lines = [HEADER, *_overview(), ""]
    for type_name, stages in CONTRACTS.items():
        lines += [f"## {type_name}", "", "| stage | values (upstream) | outcome | stored as | reason | observed |",
                  "|---|---|---|---|---|---|"]
        for stage in STAGES:
            for rule in stages[stage]:
                upstream = UPSTREAM[stage]
                values = CASES[rule.case][0] + ("" if upstream == "opc" else f" (at `{upstream}`)")
                lines.append(f"| `{stage}` | {_cell(values)} | {_cell(_outcome(rule))} | {rule.stored or ''} | "
                             f"{_cell(rule.reason)} | {_observed(observations, type_name, stage, rule.case)} |")
        lines.append("")
    return "\n".join(lines) + NOTES


def write(path: Path = DOC) -> Path:
    """Render with the recorded observations and write the doc."""
    from harness.fuzz.session import load_observations

    path.write_text(render(load_observations()))
    return path
