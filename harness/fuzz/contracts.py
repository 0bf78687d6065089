"""Stage contracts as data: for each OPC-UA type and stage, what an injected value must become there.

A stage's rules read the value its upstream stage must hold (`UPSTREAM`): the first rule whose case
matches decides — `equal`, `converted` (by a named conversion) or `absent` (with the documented reason);
`n/a` marks a stage a type never reaches. docs/CONTRACTS.md is rendered from this table, and every
`converted`/`absent` rule names the observation from the real services that backs it
(fixtures/fuzz/observations.json, recorded by `python -m harness fuzz --record`)."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from harness.fuzz.values import flux_csv_text, in_int64_ns, opc_ticks, telegraf_datetime, to_float32

ABSENT: Any = type("Absent", (), {"__repr__": lambda self: "<absent>", "__bool__": lambda self: False})()

#: Stages in pipeline order, and the stage whose value each one's rules read ("opc" = what was written).
STAGES = ("kafka:opc", "influx:opc", "model", "influx:model", "panel")
UPSTREAM = {"kafka:opc": "opc", "influx:opc": "opc", "model": "kafka:opc", "influx:model": "model",
            "panel": "influx:opc"}

EQUAL, CONVERTED, ABSENT_, NA = "equal", "converted", "absent", "n/a"


@dataclass(frozen=True)
class Rule:
    """One line of the contract table: for values in `case`, the stage holds `outcome`."""

    case: str
    outcome: str
    reason: str = ""
    convert: str | None = None
    stored: str | None = None  # the Flux column type at an InfluxDB stage


def _is_number(v: Any) -> bool:
    return isinstance(v, int | float) and not isinstance(v, bool)


#: Value classes the rules refer to (predicates on the upstream value).
CASES: dict[str, tuple[str, Callable[[Any], bool]]] = {
    "always": ("every value", lambda v: True),
    "any": ("any value", lambda v: v is not ABSENT),
    "finite": ("finite", lambda v: _is_number(v) and math.isfinite(v)),
    "non-finite": ("NaN, +Inf, -Inf", lambda v: isinstance(v, float) and not math.isfinite(v)),
    "empty": ('""', lambda v: v == ""),
    "cr-lf": ("contains CR or LF", lambda v: isinstance(v, str) and ("\r" in v or "\n" in v)),
    "text": ("other text", lambda v: isinstance(v, str)),
    "opc-null": ("at or before 1601-01-01", lambda v: isinstance(v, datetime) and opc_ticks(v) == 0),
    "int64-ns": ("1677-09-21T00:12:43.145225Z .. 2262-04-11T23:47:16.854775Z",
                 lambda v: isinstance(v, datetime) and in_int64_ns(v)),
    "beyond-int64-ns": ("other DateTimes (before 1677-09-21 or after 2262-04-11)",
                        lambda v: isinstance(v, datetime)),
    "present": ("present upstream", lambda v: v is not ABSENT),
    "absent": ("absent upstream", lambda v: v is ABSENT),
}

#: Named conversions (the `converted` rules' functions).
CONVERSIONS: dict[str, tuple[str, Callable[[Any], Any]]] = {
    "float32": ("the float32 nearest the written value, widened exactly to float64", to_float32),
    "rfc3339nano": ("gopcua's int64-ns time, formatted by Telegraf as RFC 3339 (ns, UTC)", telegraf_datetime),
    "flux-csv-text": ("CR dropped, LF read as CRLF (Flux's CSV is CRLF-terminated)", flux_csv_text),
    "null": ("None", lambda v: None),
    "abs": ("|float(value)| (mean_abs of the node alone, float64 arithmetic)", lambda v: abs(float(v))),
}

# ---- reasons (each backed by an observation) ---------------------------------------------------------
JSON_NO_NAN = ("Telegraf's JSON serializer drops NaN/±Inf fields (JSON has no such numbers); the record still "
               "arrives with its Quality field")
LP_NO_NAN = ("Telegraf's line-protocol serializer skips NaN/±Inf fields (InfluxDB cannot store them); the point "
             "keeps its Quality field")
FLOAT32 = "a Float node holds an IEEE single; Telegraf widens float32 to float64 exactly"
JSON_FLOAT_DIGITS = ("Go writes doubles in [1e-6, 1e21) without exponent, as the shortest digits that round-trip: "
                     "an integral double >= 2^53 looks like an integer that is not its exact value "
                     "(5.453247662606883e16 is written 54532476626068830), so float fields must be read as doubles")
#: Types whose JSON numbers are read as doubles at kafka:opc (JSON_FLOAT_DIGITS).
JSON_FLOATS = ("Float", "Double")
DT_FORMAT = "Telegraf's OPC-UA input formats DateTime values as RFC 3339 strings (timestamp_format default)"
DT_NULL = ("OPC-UA encodes DateTimes at or before 1601-01-01 as 0 ticks, which gopcua decodes to Go's zero time "
           "(year 1)")
DT_WRAP = ("gopcua decodes ticks into int64 nanoseconds since 1970 with wrapping arithmetic, so DateTimes "
           "outside 1677-09-21..2262-04-11 arrive as a wrong date (upstream limitation; no setting avoids it)")
CSV_EMPTY = ("Flux returns results as annotated CSV, where an empty string and null are the same empty cell; "
             "influxdb-client reads it as None")
CSV_CRLF = ("Flux writes its CSV with CRLF line ends (Go encoding/csv UseCRLF), which drops CR and writes LF "
            "as CRLF inside quoted values; Python's csv keeps the CRLF")
MODEL_ABS = "the model computes in float64: integers beyond 2^53 round to the nearest double"
MODEL_ABSENT = ("the value never reaches the model (absent on the opc topic), and the model publishes a "
                "computation only when a message updates one of its inputs")
INGEST_ABSENT = "nothing to ingest: the model published no record"
PANEL_ABSENT = "nothing stored, so the panel's query returns no point"
NOT_INPUT = "not a model input: model computations take numeric nodes only (nixos/lib/validate.nix)"

# Downstream stages. Only types that can be absent upstream (Float, Double) have `absent` rules: a rule
# that can never apply would have no observation to back it, and an unexpected absence must not match.
_NUMERIC_MODEL = {"model": (Rule("present", CONVERTED, MODEL_ABS, "abs"),),
                  "influx:model": (Rule("present", EQUAL, stored="double"),)}
_NUMERIC_MODEL_OR_ABSENT = {
    "model": (*_NUMERIC_MODEL["model"], Rule("absent", ABSENT_, MODEL_ABSENT)),
    "influx:model": (*_NUMERIC_MODEL["influx:model"], Rule("absent", ABSENT_, INGEST_ABSENT)),
}
_NOT_MODEL = {"model": (Rule("always", NA, NOT_INPUT),), "influx:model": (Rule("always", NA, NOT_INPUT),)}
_PANEL = {"panel": (Rule("present", EQUAL),)}
_PANEL_OR_ABSENT = {"panel": (Rule("present", EQUAL), Rule("absent", ABSENT_, PANEL_ABSENT))}


def _integer(stored: str) -> dict[str, tuple[Rule, ...]]:
    return {"kafka:opc": (Rule("any", EQUAL),), "influx:opc": (Rule("any", EQUAL, stored=stored),),
            **_NUMERIC_MODEL, **_PANEL}


def _float(single: bool) -> dict[str, tuple[Rule, ...]]:
    finite = Rule("finite", CONVERTED, FLOAT32, "float32") if single else Rule("finite", EQUAL, JSON_FLOAT_DIGITS)
    stored = Rule("finite", CONVERTED, FLOAT32, "float32", "double") if single else Rule("finite", EQUAL,
                                                                                        stored="double")
    return {"kafka:opc": (finite, Rule("non-finite", ABSENT_, JSON_NO_NAN)),
            "influx:opc": (stored, Rule("non-finite", ABSENT_, LP_NO_NAN)), **_NUMERIC_MODEL_OR_ABSENT,
            **_PANEL_OR_ABSENT}


_DATETIME_RULES = (
    Rule("opc-null", CONVERTED, DT_NULL, "rfc3339nano"),
    Rule("int64-ns", CONVERTED, DT_FORMAT, "rfc3339nano"),
    Rule("beyond-int64-ns", CONVERTED, DT_WRAP, "rfc3339nano"),
)

#: THE contract table: OPC-UA type -> stage -> rules (first matching case wins).
CONTRACTS: dict[str, dict[str, tuple[Rule, ...]]] = {
    "Boolean": {"kafka:opc": (Rule("any", EQUAL),), "influx:opc": (Rule("any", EQUAL, stored="boolean"),),
                **_NOT_MODEL, **_PANEL},
    "SByte": _integer("long"), "Int16": _integer("long"), "Int32": _integer("long"), "Int64": _integer("long"),
    "Byte": _integer("unsignedLong"), "UInt16": _integer("unsignedLong"), "UInt32": _integer("unsignedLong"),
    "UInt64": _integer("unsignedLong"),
    "Float": _float(single=True),
    "Double": _float(single=False),
    "String": {
        "kafka:opc": (Rule("any", EQUAL),),
        "influx:opc": (Rule("empty", CONVERTED, CSV_EMPTY, "null", "string"),
                       Rule("cr-lf", CONVERTED, CSV_CRLF, "flux-csv-text", "string"),
                       Rule("text", EQUAL, stored="string")),
        **_NOT_MODEL, **_PANEL,
    },
    "DateTime": {
        "kafka:opc": _DATETIME_RULES,
        "influx:opc": tuple(Rule(r.case, r.outcome, r.reason, r.convert, "string") for r in _DATETIME_RULES),
        **_NOT_MODEL, **_PANEL,
    },
}


@dataclass(frozen=True)
class Expectation:
    """What one stage must hold for one value: the rule that decided, and the value (or ABSENT)."""

    stage: str
    rule: Rule
    value: Any

    @property
    def checked(self) -> bool:
        return self.rule.outcome != NA


def rule_for(type_name: str, stage: str, upstream: Any) -> Rule:
    """The first rule of `type_name` at `stage` whose case holds for `upstream`."""
    rules = CONTRACTS[type_name][stage]
    for rule in rules:
        if CASES[rule.case][1](upstream):
            return rule
    raise LookupError(f"contract for {type_name} at {stage} has no rule for {upstream!r}")


def apply(rule: Rule, upstream: Any) -> Any:
    """The value the stage must hold under `rule`."""
    if rule.outcome in (ABSENT_, NA):
        return ABSENT
    if rule.outcome == CONVERTED and rule.convert:
        return CONVERSIONS[rule.convert][1](upstream)
    return upstream


def expectations(type_name: str, injected: Any) -> dict[str, Expectation]:
    """Every stage's expectation for one injected value, following the stages' upstream chain."""
    values: dict[str, Any] = {"opc": injected}
    result: dict[str, Expectation] = {}
    for stage in STAGES:
        rule = rule_for(type_name, stage, values[UPSTREAM[stage]])
        values[stage] = apply(rule, values[UPSTREAM[stage]])
        result[stage] = Expectation(stage, rule, values[stage])
    return result


def rules() -> list[tuple[str, str, Rule]]:
    """Every (type, stage, rule) of the table, in table order."""
    return [(t, s, r) for t, stages in CONTRACTS.items() for s in STAGES for r in stages[s]]
