"""What the model must publish, recomputed by the harness from the values it injected.

Independent of model/ (the service under test): this uses Python's `statistics`."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence


def mean_abs(values: Sequence[float]) -> float:
    """Arithmetic mean of absolute values."""
    return statistics.fmean(abs(v) for v in values)


def geomean_abs(values: Sequence[float]) -> float:
    """Geometric mean of absolute values; 0.0 when any value is 0 (the limit, as the model defines it)."""
    magnitudes = [abs(v) for v in values]
    if any(m == 0 for m in magnitudes):
        return 0.0
    return statistics.geometric_mean(magnitudes)


FUNCTIONS = {"mean_abs": mean_abs, "geomean_abs": geomean_abs}


def compute(function: str, values: Sequence[float]) -> float:
    """Apply the named model function."""
    return FUNCTIONS[function](values)


def close(seen: object, expected: float) -> bool:
    """Equal to within floating-point tolerance (relative 1e-9)."""
    return isinstance(seen, int | float) and not isinstance(seen, bool) and math.isclose(
        float(seen), expected, rel_tol=1e-9, abs_tol=1e-12)
