"""Load test of the service: 50 connections for 30 s on the example's cached analysis (load from ``wrk``, so
that the client does not take the server's CPU as Python threads would), while writers add statements through
the API; on SQLite and on PostgreSQL.

Prints requests/s and the p50/p99 latency from wrk, the errors (non-2xx and socket errors), the time of the
first (uncached) analysis, and the writes counted back from the record: every statement written exactly once.

    python benchmarks/bench_service.py [--backend sqlite|postgres|both] [--seconds 30] [--connections 50]
        [--workers 1] [--writers 2]

Needs Debian's ``wrk`` (``apt-get install -y wrk``; ``bash scripts/wrk.sh`` installs it as root).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

import httpx  # noqa: E402
from tests import postgres  # noqa: E402
from tests.service.conftest import Running, start_server  # noqa: E402

from accord.service.users import add_user  # noqa: E402
from accord.tracker import Store  # noqa: E402


def _writer(running: Running, token: str, writer: int, stop: threading.Event, written: list[str]) -> None:
    headers = {"Authorization": f"Bearer {token}"}
    with httpx.Client(base_url=running.url, headers=headers, timeout=60) as client:
        n = 0
        while not stop.is_set():
            statement_id = f"bench-{writer}-{n}"
            body = {"id": statement_id, "party": "europe", "speaker": "bench", "text": f"write {n}",
                    "date": "2025-12-25", "source": "bench_service"}  # fmt: skip
            response = client.post("/talks/1/statements", json=body)
            if response.status_code != 201:
                raise SystemExit(f"write failed: {response.status_code} {response.text}")
            written.append(statement_id)
            n += 1
            time.sleep(0.05)


def _wrk(url: str, token: str, seconds: int, connections: int) -> dict[str, float]:
    result = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s",
         "-H", f"Authorization: Bearer {token}", url],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    text = result.stdout

    def latency(label: str) -> float:
        found = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", text, re.M)
        if found is None:
            raise SystemExit(f"no {label}% latency in wrk's output:\n{text}")
        value, unit = float(found.group(1)), found.group(2)
        return value * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]

    rate = re.search(r"Requests/sec:\s+([\d.]+)", text)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    sockets = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", text)
    return {
        "requests_per_s": float(rate.group(1)) if rate else 0.0,
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "errors": float(non_2xx.group(1) if non_2xx else 0)
        + (sum(map(int, sockets.groups())) if sockets else 0),
    }


def run(url: str, seconds: int, connections: int, workers: int, writers: int) -> dict[str, float]:
    with Store.open(url) as store:
        store.load_example(author="bench")
    token = add_user(url, "bench-mediator", "mediator", talks=1)
    running = start_server(url, "--workers", str(workers))
    try:
        analysis = f"{running.url}/talks/1/analysis"
        began = time.perf_counter()
        first = httpx.get(analysis, headers={"Authorization": f"Bearer {token}"}, timeout=60)
        uncached = time.perf_counter() - began
        assert first.status_code == 200, first.text
        stop = threading.Event()
        written: list[str] = []
        threads = [
            threading.Thread(target=_writer, args=(running, token, w, stop, written)) for w in range(writers)
        ]
        for thread in threads:
            thread.start()
        figures = _wrk(analysis, token, seconds, connections)
        stop.set()
        for thread in threads:
            thread.join()
    finally:
        running.stop()
    with Store.open(url, talks=1) as store:
        held = [entry.statement.id for entry in store.statements() if entry.statement.id.startswith("bench-")]
    lost = len(set(written) - set(held))
    duplicated = len(held) - len(set(held))
    return figures | {
        "uncached_s": uncached, "writes": len(written), "lost": lost, "duplicated": duplicated,
        "bytes": len(first.content),
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--connections", type=int, default=50)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--writers", type=int, default=2)
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install -y wrk (or bash scripts/wrk.sh as root)")
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    print(f"{args.connections} connections, {args.seconds} s, {args.workers} server process(es), "
          f"{args.writers} writers")  # fmt: skip
    print(f"{'backend':10} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7} {'uncached s':>11} "
          f"{'writes':>7} {'lost':>5} {'dup':>4}")  # fmt: skip
    for backend in backends:
        if backend == "sqlite":
            folder = tempfile.mkdtemp(prefix="accord-bench-")
            result = run(
                f"sqlite:///{folder}/bench.db", args.seconds, args.connections, args.workers, args.writers
            )
            shutil.rmtree(folder, ignore_errors=True)
        else:
            server = postgres.start()
            try:
                url = postgres.create_database(server)
                result = run(url, args.seconds, args.connections, args.workers, args.writers)
            finally:
                server.stop()
        print(f"{backend:10} {result['requests_per_s']:8.0f} {result['p50_ms']:8.1f} {result['p99_ms']:8.1f} "
              f"{result['errors']:7.0f} {result['uncached_s']:11.2f} {result['writes']:7.0f} "
              f"{result['lost']:5.0f} {result['duplicated']:4.0f}")  # fmt: skip
        if result["errors"] or result["lost"] or result["duplicated"]:
            raise SystemExit(f"{backend}: errors, lost or duplicated writes")


if __name__ == "__main__":
    main()
