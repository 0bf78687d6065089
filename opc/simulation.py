"""Per-node simulation (pure, seedable): numbers random-walk, Booleans toggle, text counts, time is now."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from typing import Any

from opc.config import NodeSpec
from opc.types import clamp, initial_value


class NodeSimulation:
    """The simulated signal of one node. Its state is its own: an injected value does not perturb it."""

    def __init__(self, spec: NodeSpec, rng: random.Random) -> None:
        self.spec = spec
        self.rng = rng
        self.ticks = 0
        start = spec.simulation.start if spec.simulation else None
        self.step = spec.simulation.step if spec.simulation else 0.0
        self.value: Any = initial_value(spec.type, start, spec.name)
        self._text = self.value if spec.type.kind == "string" else ""

    def advance(self) -> Any:
        """Compute, remember and return the next value."""
        self.ticks += 1
        kind = self.spec.type.kind
        step = self.step
        if kind == "int":
            delta = round(self.rng.uniform(-step, step))
            self.value = clamp(self.spec.type, self.value + delta) if delta else self.value
        elif kind == "float":
            self.value = clamp(self.spec.type, self.value + self.rng.uniform(-step, step))
        elif kind == "bool":
            if self.rng.random() < 0.5:
                self.value = not self.value
        elif kind == "string":
            self.value = f"{self._text} #{self.ticks}"
        else:
            self.value = datetime.now(UTC)
        return self.value


def node_rng(seed: int | None, name: str) -> random.Random:
    """A generator per node: with a seed, each node's sequence is reproducible whatever the node order."""
    return random.Random(f"{seed}:{name}") if seed is not None else random.Random()
