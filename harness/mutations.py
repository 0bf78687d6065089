"""Config mutations: break one setting in a rendered copy of the configuration, to prove checks can fail.

Declared as data in fixtures/mutations.json: {name, file (rendered file), replace [old, new], hop}."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from harness.errors import HarnessError
from harness.paths import REPO_ROOT

MUTATIONS_FILE = REPO_ROOT / "fixtures" / "mutations.json"


@dataclass(frozen=True)
class Mutation:
    """Replace `old` by `new` in one rendered file; `hop` is the hop that must then fail."""

    name: str
    file: str
    old: str
    new: str
    hop: str
    why: str = ""

    def apply(self, files: dict[str, Path]) -> None:
        """Edit the rendered file in place; it is an error if `old` does not occur in it."""
        if self.file not in files:
            raise HarnessError(f"mutation {self.name!r}: no rendered file {self.file!r}",
                               where=str(MUTATIONS_FILE), fix=f"use one of {sorted(files)}")
        path = files[self.file]
        text = path.read_text()
        if self.old not in text:
            raise HarnessError(f"mutation {self.name!r}: {self.old!r} does not occur in {self.file}",
                               where=str(MUTATIONS_FILE), fix="update the mutation to match the rendered file")
        path.write_text(text.replace(self.old, self.new))


def all_mutations() -> dict[str, Mutation]:
    """Every declared mutation by name."""
    raw = json.loads(MUTATIONS_FILE.read_text())
    return {entry["name"]: Mutation(entry["name"], entry["file"], entry["replace"][0], entry["replace"][1],
                                    entry["hop"], entry.get("why", "")) for entry in raw}


def load_mutations(names: list[str]) -> list[Mutation]:
    """The named mutations (unknown names are a one-line error)."""
    known = all_mutations()
    missing = [n for n in names if n not in known]
    if missing:
        raise HarnessError(f"unknown mutation(s) {', '.join(missing)}", where=str(MUTATIONS_FILE),
                           fix=f"use one of {', '.join(known)}")
    return [known[n] for n in names]
