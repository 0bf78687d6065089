"""Parity: what the NixOS module system makes of nixos/lib's settings == what the harness renders.

Usage: python checks/parity.py --nixos MANIFEST.json --harness DIR [--show SHOW.json]

MANIFEST.json comes from checks/parity.nix: for each file the harness renders (harness/config/
render.py FILES, `pipeline-harness config render --target nixos --out DIR`), what the evaluated
NixOS hosts give the same service: the very file it reads where the module exposes one, else the
module's merged option value. SHOW.json is `pipeline-harness config show --target nixos --json`,
for settings that are not files (`values` in the manifest). Comparison is semantic (parsed, not
textual); where a NixOS module adds its own defaults (Grafana), every key the harness renders must
be present with the same value and the extra keys are listed. Exit 1 on any difference.
"""

from __future__ import annotations

import argparse
import configparser
import json
import sys
import tomllib
from pathlib import Path
from typing import Any

import yaml


def _unescape_properties(text: str) -> str:
    out, i = [], 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            nxt = text[i + 1]
            if nxt == "u" and i + 5 < len(text):
                out.append(chr(int(text[i + 2 : i + 6], 16)))
                i += 6
                continue
            out.append({"n": "\n", "t": "\t", "r": "\r", "f": "\f"}.get(nxt, nxt))
            i += 2
            continue
        out.append(char)
        i += 1
    return "".join(out)


def parse_properties(text: str) -> dict[str, str]:
    """Java properties -> {key: value} (comments, escapes and `=`/`:` separators; no line joins)."""
    result: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.lstrip()
        if not line or line[0] in "#!":
            continue
        i = 0
        while i < len(line) and not (line[i] in "=: \t" and (i == 0 or line[i - 1] != "\\")):
            i += 1
        key, rest = line[:i], line[i:].lstrip(" \t")
        if rest[:1] in ("=", ":"):
            rest = rest[1:].lstrip(" \t")
        result[_unescape_properties(key)] = _unescape_properties(rest)
    return result


def ini_scalar(value: Any) -> str:
    """How services.grafana's INI generator writes a value (bools lowercase, lists space-joined)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(ini_scalar(v) for v in value)
    return str(value)


def parse_ini(text: str) -> dict[str, dict[str, str]]:
    """INI -> {section: {key: value}} (no interpolation, case kept)."""
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(text)
    return {section: dict(parser.items(section)) for section in parser.sections()}


def subset_diff(expected: Any, actual: Any, where: str = "") -> list[str]:
    """Where `actual` lacks or differs from something in `expected` (dicts: subset; lists: per item)."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        diffs: list[str] = []
        for key, value in expected.items():
            if key not in actual:
                diffs.append(f"{where}/{key}: missing on NixOS (harness: {value!r})")
            else:
                diffs += subset_diff(value, actual[key], f"{where}/{key}")
        return diffs
    if isinstance(expected, list) and isinstance(actual, list):
        if len(expected) != len(actual):
            return [f"{where}: {len(expected)} items in the harness, {len(actual)} on NixOS"]
        return [
            d for i, (e, a) in enumerate(zip(expected, actual, strict=True)) for d in subset_diff(e, a, f"{where}[{i}]")
        ]
    return [] if expected == actual else [f"{where or '/'}: harness {expected!r} != NixOS {actual!r}"]


def extra_keys(expected: Any, actual: Any, where: str = "") -> list[str]:
    """Keys NixOS has that the harness does not (module defaults): information only."""
    if isinstance(expected, dict) and isinstance(actual, dict):
        out = [f"{where}/{k}" for k in actual if k not in expected]
        for key in expected:
            if key in actual:
                out += extra_keys(expected[key], actual[key], f"{where}/{key}")
        return out
    if isinstance(expected, list) and isinstance(actual, list) and len(expected) == len(actual):
        return [
            x for i, (e, a) in enumerate(zip(expected, actual, strict=True)) for x in extra_keys(e, a, f"{where}[{i}]")
        ]
    return []


def _yaml_dir(directory: Path) -> Any:
    files = sorted(p for p in directory.iterdir() if p.suffix in (".yaml", ".yml", ".json"))
    if len(files) != 1:
        raise ValueError(f"{directory}: expected one provisioning file, found {[p.name for p in files]}")
    return yaml.safe_load(files[0].read_text())


def nixos_side(entry: dict[str, Any]) -> Any:
    """The NixOS value of one manifest entry, parsed like its harness counterpart."""
    kind = entry["format"]
    if kind == "yaml-dir":
        return _yaml_dir(Path(entry["dir"]))
    if "value" in entry:
        return entry["value"]
    text = Path(entry["file"]).read_text()
    return {"toml": tomllib.loads, "json": json.loads, "properties": parse_properties, "yaml": yaml.safe_load}[kind](
        text
    )


def harness_side(kind: str, path: Path) -> Any:
    text = path.read_text()
    if kind in ("toml",):
        return tomllib.loads(text)
    if kind == "properties":
        return parse_properties(text)
    if kind in ("ini", "ini-value"):
        return parse_ini(text)
    if kind in ("yaml", "yaml-dir"):
        return yaml.safe_load(text)
    return json.loads(text)


def compare(name: str, entry: dict[str, Any], harness_dir: Path) -> tuple[list[str], list[str]]:
    """(differences, notes) for one rendered file."""
    path = harness_dir / name
    if not path.is_file():
        return [f"the harness rendered no {name}"], []
    kind = entry["format"]
    mine, theirs = harness_side(kind, path), nixos_side(entry)
    notes: list[str] = []
    for section in entry.get("ignoreTop", []):
        if section in mine:
            notes.append(f"/{section}: not compared ({entry.get('why', 'owned by the NixOS module')})")
            mine.pop(section)
    if "only" in entry:
        mine = {k: v for k, v in mine.items() if k in entry["only"]}
        notes.append(f"compared {', '.join(entry['only'])} (what NixOS consumes)")
    if kind == "ini-value":
        theirs = {
            s: {k: ini_scalar(v) for k, v in vals.items()} for s, vals in theirs.items() if isinstance(vals, dict)
        }
    if entry.get("subset"):
        extras = extra_keys(mine, theirs)
        if extras:
            notes.append(
                f"NixOS module adds {len(extras)} key(s): {', '.join(extras[:8])}{' ...' if len(extras) > 8 else ''}"
            )
        return subset_diff(mine, theirs), notes
    return (
        []
        if mine == theirs
        else [
            f"differs: harness {json.dumps(mine, sort_keys=True)[:400]} "
            f"!= NixOS {json.dumps(theirs, sort_keys=True)[:400]}"
        ]
    ), notes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nixos", type=Path, required=True, help="manifest from checks/parity.nix")
    parser.add_argument("--harness", type=Path, required=True, help="`config render --target nixos --out` dir")
    parser.add_argument("--show", type=Path, help="`config show --target nixos --json` output")
    args = parser.parse_args(argv)
    manifest = json.loads(args.nixos.read_text())
    failures = 0
    rendered = sorted(str(p.relative_to(args.harness)) for p in args.harness.rglob("*") if p.is_file())
    for name in rendered:
        if name not in manifest["files"]:
            print(f"FAIL {name}: rendered by the harness but no NixOS counterpart in checks/parity.nix")
            failures += 1
    for name, entry in sorted(manifest["files"].items()):
        diffs, notes = compare(name, entry, args.harness)
        print(f"{'FAIL' if diffs else 'ok  '} {name}")
        for line in diffs:
            print(f"       - {line}")
        for line in notes:
            print(f"       · {line}")
        failures += bool(diffs)
    if manifest.get("values"):
        if args.show is None:
            print("FAIL settings values: --show not given")
            return 1
        settings = json.loads(args.show.read_text())["settings"]
        for key, value in sorted(manifest["values"].items()):
            same = settings.get(key) == value
            print(
                f"{'ok  ' if same else 'FAIL'} settings.{key}"
                + ("" if same else f": harness {settings.get(key)!r} != NixOS {value!r}")
            )
            failures += not same
    print(f"parity: {len(manifest['files']) + len(manifest.get('values', {})) - failures} passed, {failures} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
