"""The model's computations: pure functions of the latest input values.

- ``mean_abs``: the arithmetic mean of the absolute values, ``fsum(|x|) / n`` (correctly rounded sum;
  if that sum overflows, ``m * (fsum(|x| / m) / n)`` with ``m = max|x|``, so the result is always finite
  for finite inputs).
- ``geomean_abs``: the geometric mean of the absolute values, ``exp(fsum(log|x|) / n)``; it is ``0.0``
  when any ``|x| == 0`` (the limit of the product form), never an error.

Inputs must be finite floats; the caller filters the rest. Results of equal inputs agree to the last bit.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

Computation = Callable[[Sequence[float]], float]


def mean_abs(values: Sequence[float]) -> float:
    """Mean of the absolute values."""
    if not values:
        raise ValueError("mean_abs of no values")
    n = len(values)
    try:
        return math.fsum(abs(v) for v in values) / n
    except OverflowError:  # the sum exceeds the float range: scale by the largest magnitude first
        scale = max(abs(v) for v in values)
        return scale * (math.fsum(abs(v) / scale for v in values) / n)


def geomean_abs(values: Sequence[float]) -> float:
    """Geometric mean of the absolute values; 0.0 if any value is 0."""
    if not values:
        raise ValueError("geomean_abs of no values")
    if any(v == 0 for v in values):
        return 0.0
    mean_log = math.fsum(math.log(abs(v)) for v in values) / len(values)
    try:
        return math.exp(mean_log)
    except OverflowError:  # only by rounding at the very top of the float range
        return max(abs(v) for v in values)


FUNCTIONS: dict[str, Computation] = {"mean_abs": mean_abs, "geomean_abs": geomean_abs}
