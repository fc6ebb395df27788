"""``accord serve``: a real server on loopback that prints its URL and stops cleanly on SIGINT and SIGTERM."""

from __future__ import annotations

import signal
from pathlib import Path

import httpx
import pytest

from accord.service.server import bind_address, is_loopback, url_of
from tests.service.conftest import start_server


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_serve_prints_its_url_listens_on_loopback_and_stops_cleanly(
    tmp_path: Path, stop: signal.Signals
) -> None:
    db = str(tmp_path / "new.db")
    running = start_server(db)
    assert (tmp_path / "new.db").exists()  # created and migrated on start
    assert httpx.get(f"{running.url}/health").json()["status"] == "ok"
    running.process.send_signal(stop)
    code, stderr = running.stop()
    assert code == 0, stderr
    assert "Traceback" not in stderr
    assert running.process.stdout is not None
    printed = running.process.stdout.read()
    assert printed.startswith(f"serving {running.url};") and printed.endswith("stopped\n")


def test_the_default_address_is_loopback_and_only_an_explicit_host_leaves_it() -> None:
    assert bind_address(None) == "127.0.0.1"
    assert bind_address("0.0.0.0") == "0.0.0.0"
    assert is_loopback("::1") and is_loopback("localhost") and not is_loopback("0.0.0.0")
    assert url_of("::1", 8000) == "http://[::1]:8000/api/v1"


def test_several_workers_share_one_store(tmp_path: Path) -> None:
    running = start_server(str(tmp_path / "w.db"), "--workers", "2")
    try:
        answers = {httpx.get(f"{running.url}/health").status_code for _ in range(10)}
        assert answers == {200}
    finally:
        code, stderr = running.stop()
    assert code == 0, stderr
