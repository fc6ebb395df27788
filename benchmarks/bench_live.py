"""Load test of live sessions: 20 sessions at once, each with three people driven through the API and one
strategy seat, for 60 s, on SQLite (and PostgreSQL).

Each person is an account bound to its seat; it follows its session on its own event stream and answers each
question the protocol asks it (after a random think time) with a move through the API. When a session ends,
its slot starts a new one. Printed: moves/s, the latency from a move to the other people's streams (the time
from sending the move to the arrival, on each other person's stream, of the ``state`` event that includes
it; p50/p95/max), errors (any answer but 200, or a 409 the person could not expect), lost moves (answered
200 but not stored, counted back from the database), and whether every session's stored events and trace are
the engine's replay of its stored moves.

    python benchmarks/bench_live.py [--backend sqlite|postgres|both] [--sessions 20] [--seconds 60]
        [--rounds 30] [--think 1.0] [--protocol single-text] [--workers 1]

The client is one asyncio process (not threads), beside the server's process; on a shared machine both
compete for the same cores, so latencies depend on the machine's load: the server's CPU time per move
(printed, with the load average) is the measure that does not.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

import httpx  # noqa: E402
from tests import postgres  # noqa: E402
from tests.service.conftest import Running, populate, start_server  # noqa: E402

from accord.model.files import parse_scenario  # noqa: E402
from accord.protocols.trace import read_trace, trace_lines  # noqa: E402
from accord.service.live import records  # noqa: E402
from accord.service.users import add_user  # noqa: E402
from accord.tournaments.live import prepare_live  # noqa: E402
from accord.tracker.engine import make_engine  # noqa: E402

PEOPLE = ("ukraine", "russia", "united-states")
STRATEGY = {"europe": "linear"}


@dataclass
class Stats:
    moves: int = 0
    errors: list[str] = field(default_factory=list)
    latencies: list[float] = field(default_factory=list)
    answers: list[float] = field(default_factory=list)
    """Seconds from sending a move to its answer."""
    accepted: dict[str, int] = field(default_factory=dict)
    """Moves answered 200, per session."""
    sessions: list[str] = field(default_factory=list)


@dataclass
class Pending:
    """A move on its way to the other people's streams."""

    moves: int
    sent: float
    waiting: set[str]


@dataclass
class Table:
    """One session as its people's clients see it."""

    id: str
    states: dict[str, dict[str, Any]] = field(default_factory=dict)
    changed: dict[str, asyncio.Event] = field(default_factory=dict)
    pending: list[Pending] = field(default_factory=list)
    arrivals: dict[str, list[tuple[int, float]]] = field(default_factory=dict)
    """Per person: the moves each state that reached its stream includes, and when it arrived."""
    ended: asyncio.Event = field(default_factory=asyncio.Event)

    def deliver(self, stats: Stats) -> None:
        """Time the moves whose state has reached the other people's streams (before or after the mover
        had its answer)."""
        for pending in self.pending:
            for party in list(pending.waiting):
                arrived = [t for moves, t in self.arrivals.get(party, []) if moves >= pending.moves]
                if arrived:
                    pending.waiting.discard(party)
                    stats.latencies.append(min(arrived) - pending.sent)
        self.pending = [p for p in self.pending if p.waiting]


async def _follow(client: httpx.AsyncClient, table: Table, party: str, stats: Stats) -> None:
    """A person's event stream: keep its latest state, time the moves of the others as they arrive."""
    event: dict[str, str] = {}
    async with client.stream("GET", f"/sessions/{table.id}/events", timeout=None) as response:
        if response.status_code != 200:
            stats.errors.append(f"stream {response.status_code}")
            table.ended.set()
            return
        async for line in response.aiter_lines():
            if line:
                key, _, value = line.partition(": ")
                event[key] = value
                continue
            kind, data = event.get("event"), event.get("data")
            event = {}
            if kind == "state" and data is not None:
                state = json.loads(data)
                table.arrivals.setdefault(party, []).append((state["moves"], time.monotonic()))
                table.deliver(stats)
                table.states[party] = state
                table.changed[party].set()
            elif kind == "end":
                table.ended.set()
                table.changed[party].set()
                return


async def _person(client: httpx.AsyncClient, table: Table, party: str, think: float, stats: Stats) -> None:
    """Answer every question the protocol asks this person, after thinking."""
    rng = random.Random(f"{table.id}{party}")
    seen = 0
    while not table.ended.is_set():
        await table.changed[party].wait()
        table.changed[party].clear()
        state = table.states.get(party)
        if (
            state is None
            or state["moves"] < seen
            or party not in state["waiting_for"]
            or not state["allowed"]
        ):
            continue
        await asyncio.sleep(rng.uniform(0.5, 1.5) * think)
        if table.ended.is_set():
            return
        body = rng.choice(state["allowed"])
        sent = time.monotonic()
        response = await client.post(f"/sessions/{table.id}/moves", json=body)
        stats.answers.append(time.monotonic() - sent)
        if response.status_code == 200:
            moved = response.json()
            seen = moved["moves"]
            stats.moves += 1
            stats.accepted[table.id] = stats.accepted.get(table.id, 0) + 1
            table.pending.append(Pending(seen, sent, set(PEOPLE) - {party}))
            table.deliver(stats)
        elif response.status_code == 409 and table.ended.is_set():
            return
        else:
            stats.errors.append(f"{response.status_code} {response.text[:200]}")


async def _slot(
    running: Running, slot: int, args: argparse.Namespace, stop: asyncio.Event, stats: Stats
) -> None:
    """One table of the class: a session after another until the time is up."""
    base = running.url
    mediator = _client(base, _auth(running, "mediator"))
    people = {party: _client(base, _auth(running, f"{party}-{slot}")) for party in PEOPLE}
    try:
        while not stop.is_set():
            body = {
                "protocol": args.protocol,
                "rounds": args.rounds,
                "seats": {**dict.fromkeys(PEOPLE, "person"), **STRATEGY},
                "people": {party: f"{party}-{slot}" for party in PEOPLE},
                "group": f"table {slot}",
            }
            made = await mediator.post("/talks/1/sessions", json=body)
            if made.status_code != 201:
                stats.errors.append(f"create {made.status_code} {made.text[:200]}")
                return
            table = Table(made.json()["id"])
            stats.sessions.append(table.id)
            table.changed = {party: asyncio.Event() for party in PEOPLE}
            streams = [asyncio.create_task(_follow(people[p], table, p, stats)) for p in PEOPLE]
            persons = [asyncio.create_task(_person(people[p], table, p, args.think, stats)) for p in PEOPLE]
            ends = [asyncio.create_task(table.ended.wait()), asyncio.create_task(stop.wait())]
            await asyncio.wait(ends, return_when="FIRST_COMPLETED")
            table.ended.set()
            for changed in table.changed.values():
                changed.set()
            await asyncio.gather(*persons)  # a move on its way is answered, and counted
            for task in (*streams, *ends):
                task.cancel()
            await asyncio.gather(*streams, *ends, return_exceptions=True)
    finally:
        for client in (mediator, *people.values()):
            await client.aclose()


def _client(base: str, headers: dict[str, str]) -> httpx.AsyncClient:
    """A person's client. It drops a connection idle for 2 s: the server closes them after 5 s, and a move
    sent on one it has just closed would fail (a client's retry could not tell whether it was recorded)."""
    limits = httpx.Limits(keepalive_expiry=2.0)
    return httpx.AsyncClient(base_url=base, headers=headers, timeout=60, limits=limits)


def _auth(running: Running, name: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {running.tokens[name]}"}


async def _load(running: Running, args: argparse.Namespace, stats: Stats) -> float:
    stop = asyncio.Event()
    slots = [asyncio.create_task(_slot(running, i, args, stop, stats)) for i in range(args.sessions)]
    began = time.monotonic()
    await asyncio.sleep(args.seconds)
    stop.set()
    await asyncio.gather(*slots)
    return time.monotonic() - began


def _consistent(running: Running, session_id: str) -> tuple[bool, int]:
    """Whether the stored events and the trace are the engine's replay of the stored moves; moves stored by
    people (not by the rules)."""
    engine = make_engine(running.db)
    try:
        row = records.find(engine, session_id)
        assert row is not None
        game = prepare_live(parse_scenario(records.scenario_of(engine, session_id)), row.setup)
        with engine.connect() as connection:
            moves = records.moves_of(connection, session_id)
            stored = records.stored_lines(connection, session_id)
            by_people = sum(1 for _, author in records.move_authors(connection, session_id) if author)
        state = game.replay(moves, records.last_time(row.setup, moves))
        replayed = list(trace_lines(game.record(state, {})))[1:]
    finally:
        engine.dispose()
    with running.client("mediator") as mediator:
        [traced] = read_trace(mediator.get(f"/sessions/{session_id}/trace").text.splitlines())
    return stored == replayed and traced.events == state.events, by_people


def _cpu_seconds(pid: int) -> float:
    """User and system CPU seconds so far of a process and every process under it (from /proc, Linux)."""
    stats: dict[int, tuple[int, float]] = {}
    for folder in Path("/proc").iterdir():
        if folder.name.isdigit():
            try:
                fields = (folder / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue  # ended meanwhile
            stats[int(folder.name)] = (int(fields[1]), (int(fields[11]) + int(fields[12])))
    tree, total = {pid}, 0.0
    for _ in range(8):  # a few generations down
        tree |= {p for p, (parent, _) in stats.items() if parent in tree}
    for p in tree:
        total += stats.get(p, (0, 0.0))[1]
    return total / os.sysconf("SC_CLK_TCK")


def run(backend: str, db: str, args: argparse.Namespace) -> None:
    running = start_server(db, "--workers", str(args.workers))
    try:
        populate(running)
        for slot in range(args.sessions):
            for party in PEOPLE:
                name = f"{party}-{slot}"
                running.tokens[name] = add_user(running.db, name, f"party:{party}", talks=1)
        stats = Stats()
        cpu, client = _cpu_seconds(running.process.pid), time.process_time()
        seconds = asyncio.run(_load(running, args, stats))
        cpu, client = _cpu_seconds(running.process.pid) - cpu, time.process_time() - client
        checks = [_consistent(running, sid) for sid in stats.sessions]
    finally:
        code, stderr = running.stop()
        if code != 0 or "Traceback" in stderr:
            print(f"the server exited with {code}: {stderr[-3000:]}")
    stored = sum(count for _, count in checks)
    lost = sum(stats.accepted.values()) - stored
    latencies = sorted(stats.latencies)
    print(f"{backend}, {args.workers} server process(es): {args.sessions} sessions at once "
          f"({len(stats.sessions)} played), {seconds:.0f} s, 3 people + 1 strategy each, "
          f"think {args.think} s")  # fmt: skip
    print(
        f"  moves: {stats.moves} ({stats.moves / seconds:.1f}/s); errors: {len(stats.errors)}; lost: {lost}"
    )
    for what, values in (
        ("move -> others' streams", latencies),
        ("move -> its answer", sorted(stats.answers)),
    ):
        if values:
            p50, p95 = statistics.median(values), values[int(0.95 * (len(values) - 1))]
            print(f"  {what} ({len(values)}): p50 {p50 * 1000:.0f} ms, p95 {p95 * 1000:.0f} ms, "
                  f"max {values[-1] * 1000:.0f} ms")  # fmt: skip
    per_move = cpu / stats.moves * 1000 if stats.moves else float("nan")
    print(f"  CPU: server {cpu:.1f} s ({per_move:.1f} ms per move, {cpu / seconds:.0%} of a core), "
          f"client {client:.1f} s; load average at the end {os.getloadavg()[0]:.1f}")  # fmt: skip
    print(f"  traces consistent with the replay of their moves: {sum(ok for ok, _ in checks)}/{len(checks)}")
    for error in stats.errors[:5]:
        print(f"  error: {error}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="sqlite")
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--workers", type=int, default=1, help="server processes (accord serve --workers)")
    parser.add_argument("--think", type=float, default=1.0, help="mean seconds a person takes to answer")
    parser.add_argument("--protocol", choices=["single-text", "shuttle"], default="single-text")
    args = parser.parse_args()
    if args.backend in ("sqlite", "both"):
        with tempfile.TemporaryDirectory() as folder:
            run("sqlite", f"sqlite:///{Path(folder) / 'live.db'}", args)
    if args.backend in ("postgres", "both"):
        server = postgres.start()
        try:
            run("postgres", postgres.create_database(server), args)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
