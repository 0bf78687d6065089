"""The local supervisor with real (tiny) processes: start in waves, reuse, errors that clean up."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest

from harness.errors import HarnessError
from harness.stack import health, process
from harness.stack.services import ServiceSpec
from harness.stack.supervisor import Supervisor


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http_service(name: str, port: int, tmp_path: Path, wave: int = 0, timeout: float = 20.0) -> ServiceSpec:
    argv = [sys.executable, "-m", "http.server", "--bind", "127.0.0.1", str(port)]
    return ServiceSpec(name=name, host="db", argv=argv, ports=[port], config_files=[],
                       healthy=lambda: health.port_open("127.0.0.1", port), wave=wave,
                       log=tmp_path / "logs" / f"{name}.log", health_timeout=timeout)


def test_up_starts_in_waves_then_is_a_noop_and_down_stops_by_pid(tmp_path: Path) -> None:
    a, b = free_port(), free_port()
    specs = [http_service("a", a, tmp_path), http_service("b", b, tmp_path, wave=1)]
    supervisor = Supervisor(specs, tmp_path / "state.json")
    assert supervisor.up() == ["a", "b"]
    pids = {n: e.pid for n, e in supervisor.state.services.items()}
    assert all(process.is_alive(p) for p in pids.values())
    again = Supervisor(specs, tmp_path / "state.json")
    assert again.up() == []
    assert {n: e.pid for n, e in again.state.services.items()} == pids
    assert sorted(again.down()) == ["a", "b"]
    assert not any(process.is_alive(p) for p in pids.values())
    assert not health.port_open("127.0.0.1", a) and not health.port_open("127.0.0.1", b)


def test_changed_config_restarts_only_that_service(tmp_path: Path) -> None:
    config = tmp_path / "b.conf"
    config.write_text("one")
    a, b = free_port(), free_port()
    spec_b = http_service("b", b, tmp_path)
    spec_b.config_files = [config]
    supervisor = Supervisor([http_service("a", a, tmp_path), spec_b], tmp_path / "state.json")
    supervisor.up()
    config.write_text("two")
    try:
        assert Supervisor([http_service("a", a, tmp_path), spec_b], tmp_path / "state.json").up() == ["b"]
    finally:
        Supervisor([], tmp_path / "state.json").down()


def test_port_in_use_is_one_line_and_stops_what_was_started(tmp_path: Path) -> None:
    busy = socket.socket()
    busy.bind(("127.0.0.1", 0))
    busy.listen()
    taken = busy.getsockname()[1]
    first = free_port()
    specs = [http_service("first", first, tmp_path), http_service("second", taken, tmp_path, wave=1)]
    supervisor = Supervisor(specs, tmp_path / "state.json")
    with pytest.raises(HarnessError) as caught:
        supervisor.up()
    busy.close()
    message = caught.value.line()
    assert f"port {taken}" in message and "second" in message and "\n" not in message
    assert supervisor.state.services == {}
    assert not health.port_open("127.0.0.1", first)


def test_service_that_exits_while_starting_shows_its_log_tail(tmp_path: Path) -> None:
    spec = ServiceSpec(name="dies", host="db", argv=[sys.executable, "-c", "print('bad config line 3'); exit(3)"],
                       ports=[], config_files=[], healthy=lambda: False, wave=0, log=tmp_path / "dies.log")
    with pytest.raises(HarnessError) as caught:
        Supervisor([spec], tmp_path / "state.json").up()
    assert "dies exited while starting" in str(caught.value)
    assert "bad config line 3" in str(caught.value)


def test_health_timeout_names_the_service_and_cleans_up(tmp_path: Path) -> None:
    spec = ServiceSpec(name="never", host="db", argv=[sys.executable, "-c", "import time; time.sleep(60)"],
                       ports=[], config_files=[], healthy=lambda: False, wave=0, log=tmp_path / "never.log",
                       health_timeout=1.0)
    supervisor = Supervisor([spec], tmp_path / "state.json")
    with pytest.raises(HarnessError, match="never not healthy after 1s"):
        supervisor.up()
    assert supervisor.state.services == {}
