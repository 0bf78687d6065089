"""The `fuzz_session` fixture: the separate fuzz stack (fixtures/fuzz/topology.nix, <run dir>/fuzz, ports
+100 beyond --port-offset), started if not running and stopped at the end if this session started it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from harness.errors import HarnessError


@pytest.fixture(scope="session")
def fuzz_session(request: pytest.FixtureRequest) -> Iterator[object]:
    """A FuzzSession on the local fuzz stack (skips, saying why, when it cannot run here)."""
    from harness.fuzz.session import fuzz_session as open_session

    target = request.config.getoption("--target")
    if target != "local":
        pytest.skip(f"the fuzz stack runs locally beside the pipeline under test; --target {target} has no fuzz stack")
    beside = request.getfixturevalue("target")  # the local stack under test: its run dir and port offset
    try:
        from harness.provision.runtimes import runtime

        for component in ("kafka", "influxdb", "telegraf"):
            runtime(component)
    except HarnessError as exc:
        pytest.skip(f"fuzz stack cannot start: {exc.line()}")
    with open_session(beside.run_dir, base_offset=beside.port_offset,
                      keep_stack=request.config.getoption("--keep-stack")) as session:
        yield session
        stats = session.stats
        print(f"\nfuzz: {stats.examples} examples, {stats.verified}/{stats.values} values verified end to end, "
              f"{stats.failures} failing examples, {stats.per_minute():.0f} values/min")
