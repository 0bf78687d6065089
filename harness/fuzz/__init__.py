"""Hypothesis fuzzing of node values through the real pipeline.

strategies (values per OPC-UA type, batches per topology) -> batch (inject one batch, collect every
stage with one Kafka consumer and one Flux query) -> check (verdicts against the contract table in
contracts). The pytest test and `python -m harness fuzz` drive the same pieces."""

__all__ = ["batch", "check", "contracts", "strategies", "values"]
