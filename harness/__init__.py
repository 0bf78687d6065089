"""Testing and reproducibility harness for declarative industrial data pipelines."""

from harness.errors import HarnessError

__all__ = ["HarnessError"]
