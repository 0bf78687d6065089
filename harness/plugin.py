"""pytest plugin: `--target`, `--topology`, `--run-dir`, and a session-scoped `pipeline` fixture.

A running, healthy stack is reused; a stack this session had to start is stopped at its end
(unless `--keep-stack`)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.pipeline import Pipeline
from harness.steps import StepLog
from harness.targets import REGISTRY, Target, get_target


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("pipeline", "pipeline harness")
    group.addoption("--target", default=os.environ.get("PIPELINE_TARGET", "local"), choices=sorted(REGISTRY),
                    help="where the pipeline under test runs (default: local)")
    group.addoption("--topology", type=Path, default=None, help="topology file (default: topology.nix)")
    group.addoption("--run-dir", type=Path, default=None, help="run directory of a local stack (default: .run/)")
    group.addoption("--port-offset", type=int, default=None,
                    help="move every port of a local stack by N (default $PIPELINE_PORT_OFFSET or 0)")
    group.addoption("--keep-stack", action="store_true", help="leave a stack this session started running")


@pytest.fixture(scope="session")
def target(request: pytest.FixtureRequest) -> Target:
    """The target named by --target."""
    config = request.config
    return get_target(config.getoption("--target"), topology=config.getoption("--topology"),
                      run_dir=config.getoption("--run-dir"), port_offset=config.getoption("--port-offset"))


@pytest.fixture(scope="session")
def steps() -> StepLog:
    """Nested, timed steps for the session's story."""
    return StepLog()


@pytest.fixture(scope="session")
def pipeline(request: pytest.FixtureRequest, target: Target, steps: StepLog) -> Iterator[Pipeline]:
    """The pipeline on the chosen target, up and healthy (started here only if it was not running)."""
    with steps.step(f"bring the pipeline up on {target!r}", tag=target.name):
        started = target.up()
    pipe = Pipeline(target)
    try:
        yield pipe
    finally:
        pipe.close()
        if started and target.starts_services and not request.config.getoption("--keep-stack"):
            with steps.step("stop the services this session started", tag=target.name):
                target.down()
