"""Live sessions on a real server (SQLite and PostgreSQL): created by the mediator, read by each role as it
may see them, moved by people for their own party only, serialised under concurrent moves, streamed as
server-sent events that resume, kept across a restart, timed out by the ticker, traced and listed as CSV."""

from __future__ import annotations

import csv
import io
import json
import random
import threading
import time
from collections.abc import Sequence
from typing import Any

import httpx
import pytest
from sqlalchemy import Row

from accord.model.files import parse_scenario
from accord.protocols.trace import read_trace, trace_lines
from accord.service.live import records
from accord.service.users import add_user
from accord.tournaments.live import prepare_live
from accord.tracker.engine import make_engine
from accord.tracker.tables import live_events, live_moves
from tests.service.conftest import PRIVATE, RESERVATION, Running, get_json, start_server

PARTIES = tuple(PRIVATE)
STRATEGY = "linear"


def _seats(*people: str) -> dict[str, str]:
    return {party: "person" if party in people else STRATEGY for party in PARTIES}


def _create(client: httpx.Client, **body: Any) -> dict[str, Any]:
    response = client.post("/talks/1/sessions", json=body)
    assert response.status_code == 201, response.text
    data: dict[str, Any] = response.json()
    return data


@pytest.fixture(scope="module")
def people(server: Running) -> Running:
    """Accounts for the other two parties and a second account of Ukraine's delegation."""
    for name, role in (("us", "party:united-states"), ("eu", "party:europe"), ("ukraine2", "party:ukraine")):
        server.tokens[name] = add_user(server.db, name, role, talks=1)
    return server


def _vote(client: httpx.Client, sid: str, party: str, vote: str = "accept") -> httpx.Response:
    return client.post(f"/sessions/{sid}/moves", json={"party": party, "vote": vote})


def _play_out(server: Running, sid: str, parties: dict[str, str], vote: str = "accept") -> dict[str, Any]:
    """Answer every question for the people (account per party) until the session ends."""
    clients = {party: server.client(name) for party, name in parties.items()}
    try:
        for _ in range(500):
            state: dict[str, Any] = get_json(clients[next(iter(clients))], f"/sessions/{sid}")
            if state["state"] in ("agreed", "broken-down"):
                return state
            for party in state["waiting_for"]:
                allowed = get_json(clients[party], f"/sessions/{sid}")["allowed"]
                if not allowed:
                    continue
                move = next(
                    (a for a in allowed if a.get("vote") == vote or a.get("accept") is True), allowed[0]
                )
                response = clients[party].post(f"/sessions/{sid}/moves", json=move)
                assert response.status_code in (200, 409), response.text
        raise AssertionError("the session did not end")
    finally:
        for client in clients.values():
            client.close()


def test_a_session_is_created_and_each_role_reads_what_it_may(people: Running) -> None:
    with people.client("mediator") as mediator:
        made = _create(
            mediator, protocol="single-text", rounds=3, seats=_seats("ukraine", "russia"), group="A"
        )
        sid = made["id"]
        assert made["state"] == "running" and made["group"] == "A" and made["talks"] == 1
        assert sorted(made["waiting_for"]) == ["russia", "ukraine"]  # one vote, asked of both at once
        assert made["draft"] is not None and made["rounds"] == 3 and made["allowed"] == []
        assert made["analysis"]["zone_size"] is not None
    with people.client("ukraine") as ukraine:
        mine = get_json(ukraine, f"/sessions/{sid}")
    assert mine["you"]["party"] == "ukraine" and mine["you"]["changes"]
    assert {"party": "ukraine", "vote": "accept", "round": 1} in mine["allowed"]
    assert mine["analysis"] is None and mine["result"] is None and set(mine["asks"]) == {"ukraine"}
    with people.client("observer") as observer:
        public = get_json(observer, f"/sessions/{sid}")
    assert public["you"] is None and public["asks"] == {} and public["draft"] == made["draft"]
    for role in ("admin", "us"):  # no role in a session; a party seated as a strategy
        with people.client(role) as other:
            assert other.get(f"/sessions/{sid}").status_code == 403
    with people.client("mediator") as mediator:
        assert mediator.get(f"/sessions/{'0' * 32}").status_code == 403  # existence not told


def test_moves_are_allowed_refused_with_a_reason_or_malformed(people: Running) -> None:
    with people.client("mediator") as mediator:
        sid = _create(mediator, protocol="single-text", rounds=2, seats=_seats("ukraine", "russia"))["id"]
        assert _vote(mediator, sid, "ukraine").status_code == 403  # the mediator never moves for a party
    with people.client("ukraine") as ukraine:
        wrong = ukraine.post(f"/sessions/{sid}/moves", json={"party": "ukraine", "accept": True})
        assert wrong.status_code == 409 and "not for an answer to an offer" in wrong.json()["detail"]
        moved = _vote(ukraine, sid, "ukraine")
        assert moved.status_code == 200, moved.text
        assert moved.json()["allowed"] == [] and moved.json()["waiting_for"] == ["russia"]
        again = _vote(ukraine, sid, "ukraine", "reject")
        assert again.status_code == 409 and again.json()["detail"] == "you already voted on this proposal"
        assert _vote(ukraine, sid, "russia").status_code == 403  # only for its own party
        for bad in ({"party": "ukraine"}, {"party": "ukraine", "vote": "maybe"},
                    {"party": "ukraine", "vote": "accept", "pass": True}):  # fmt: skip
            malformed = ukraine.post(f"/sessions/{sid}/moves", json=bad)
            assert malformed.status_code == 422 and malformed.json()["problems"], bad


def test_an_offer_names_options_of_the_scenario(people: Running) -> None:
    with people.client("mediator") as mediator:
        sid = _create(mediator, protocol="stacked-offers", rounds=4, seats=_seats("ukraine"))["id"]
        documents = get_json(mediator, "/talks/1")["scenario"]["documents"]
        points = [point for document in documents for point in document["points"]]
    with people.client("ukraine") as ukraine:
        state = get_json(ukraine, f"/sessions/{sid}")
        assert state["waiting_for"] == ["ukraine"], state  # the first offer is Ukraine's
        assert {"party": "ukraine", "offer": {}, "round": 1} in state["allowed"]
        bad = ukraine.post(f"/sessions/{sid}/moves", json={"party": "ukraine", "offer": {"nowhere": "x"}})
        assert bad.status_code == 422 and bad.json()["problems"] == [
            "body.offer.nowhere: no point 'nowhere' in this scenario"
        ]
        offer = {p["id"]: p["options"][0]["id"] for p in points}
        made = ukraine.post(f"/sessions/{sid}/moves", json={"party": "ukraine", "offer": offer})
        assert made.status_code == 200, made.text
        assert made.json()["round"] >= 1


def test_a_seat_bound_to_an_account_admits_that_account_only(people: Running) -> None:
    with people.client("mediator") as mediator:
        body = {
            "protocol": "single-text",
            "rounds": 2,
            "seats": _seats("ukraine"),
            "people": {"ukraine": "ukraine2"},
        }
        sid = _create(mediator, **body)["id"]
        unknown = mediator.post("/talks/1/sessions", json=body | {"people": {"ukraine": "nobody"}})
        assert unknown.status_code == 422
        assert unknown.json()["problems"] == [
            "body.people.ukraine: no account 'nobody' with the role party:ukraine in talks 1"
        ]
        strategy = mediator.post("/talks/1/sessions", json=body | {"people": {"russia": "russia"}})
        assert strategy.status_code == 422
    with people.client("ukraine") as ukraine:
        assert ukraine.get(f"/sessions/{sid}").status_code == 403
        assert _vote(ukraine, sid, "ukraine").status_code == 403
    with people.client("ukraine2") as bound:
        assert _vote(bound, sid, "ukraine").status_code == 200


def test_an_invalid_session_is_a_422_with_readable_problems(people: Running) -> None:
    with people.client("mediator") as mediator:
        seats = _seats("ukraine")
        for body, line in (
            ({"protocol": "single-text", "seats": seats}, "body: Value error, a live session needs a"),
            ({"protocol": "nope", "rounds": 2, "seats": seats}, "body: unknown protocol 'nope'"),
            ({"protocol": "single-text", "rounds": 2, "seats": {"ukraine": "person"}},
             "body: every voting party needs a seat"),
        ):  # fmt: skip
            response = mediator.post("/talks/1/sessions", json=body)
            assert response.status_code == 422, response.text
            assert response.json()["problems"][0].startswith(line), response.json()


def _replayed_lines(db: str, sid: str) -> tuple[list[str], list[str], int]:
    """The stored event lines, those the engine's replay of the stored moves gives, and the moves stored."""
    engine = make_engine(db)
    try:
        row = records.find(engine, sid)
        assert row is not None
        game = prepare_live(parse_scenario(records.scenario_of(engine, sid)), row.setup)
        with engine.connect() as connection:
            moves = records.moves_of(connection, sid)
            stored = records.stored_lines(connection, sid)
        state = game.replay(moves, records.last_time(row.setup, moves))
        record = game.record(state, {})
        return stored, list(trace_lines(record))[1:], len(moves)
    finally:
        engine.dispose()


def test_people_moving_at_once_never_corrupt_a_session(people: Running) -> None:
    persons = {"ukraine": "ukraine", "russia": "russia", "united-states": "us"}
    with people.client("mediator") as mediator:
        sid = _create(mediator, protocol="single-text", rounds=8, seats=_seats(*persons))["id"]
    accepted: list[dict[str, Any]] = []
    failures: list[str] = []
    start = threading.Barrier(len(persons))

    def person(party: str, name: str) -> None:
        rng = random.Random(party)
        with people.client(name) as client:
            start.wait()
            for _ in range(400):
                state = get_json(client, f"/sessions/{sid}")
                if state["state"] != "running":
                    return
                if party not in state["waiting_for"]:
                    time.sleep(0.01)
                    continue
                body = {
                    "party": party,
                    "vote": rng.choice(["accept", "reject"]),
                    "round": state["asks"][party]["round"],
                }
                response = client.post(f"/sessions/{sid}/moves", json=body)
                if response.status_code == 200:
                    accepted.append(body)
                elif response.status_code != 409:
                    failures.append(response.text)

    threads = [threading.Thread(target=person, args=item) for item in persons.items()]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert failures == []
    stored, replayed, count = _replayed_lines(people.db, sid)
    assert stored == replayed and len(stored) > 0
    assert count == len(accepted)  # every move answered 200 was kept, none twice
    with people.client("mediator") as mediator:
        final = get_json(mediator, f"/sessions/{sid}")
    assert final["state"] in ("agreed", "broken-down") and final["moves"] == count


def _sse(client: httpx.Client, path: str, *, until: str = "end", headers: dict[str, str] | None = None,
         limit: float = 30) -> list[dict[str, Any]]:  # fmt: skip
    """The events of a stream up to the first of kind ``until`` (or ``limit`` seconds)."""
    events: list[dict[str, Any]] = []
    current: dict[str, Any] = {}
    deadline = time.monotonic() + limit
    with client.stream("GET", path, headers=headers or {}, timeout=limit) as response:
        assert response.status_code == 200 and response.headers["content-type"].startswith(
            "text/event-stream"
        )
        for line in response.iter_lines():
            if line.startswith(":"):
                continue
            if not line:
                if current:
                    events.append(current)
                    if current.get("event") == until:
                        return events
                current = {}
                if time.monotonic() > deadline:
                    break
                continue
            key, _, value = line.partition(": ")
            current[key] = json.loads(value) if key == "data" else int(value) if key == "id" else value
    return events


def test_events_stream_with_ids_and_resume_after_the_last_seen(people: Running) -> None:
    with people.client("mediator") as mediator:
        sid = _create(mediator, protocol="single-text", rounds=2, seats=_seats("ukraine"))["id"]
    ended = _play_out(people, sid, {"ukraine": "ukraine"})
    with people.client("mediator") as mediator:
        everything = _sse(mediator, f"/sessions/{sid}/events")
        ids = [e["id"] for e in everything if "id" in e]
        assert ids == list(range(1, ended["events"] + 1))
        assert everything[-1]["event"] == "end" and everything[-2]["event"] == "state"
        assert {e["event"] for e in everything if "id" in e} <= {
            "drafted",
            "proposed",
            "voted",
            "ratified",
            "ended",
        }
        resumed = _sse(mediator, f"/sessions/{sid}/events", headers={"Last-Event-ID": str(ids[2])})
        assert [e["id"] for e in resumed if "id" in e] == ids[3:]
        after = _sse(mediator, f"/sessions/{sid}/events?after={ids[-2]}")
        assert [e["id"] for e in after if "id" in e] == ids[-1:]
        # A reconnecting EventSource sends its page's ?after and the later Last-Event-ID: the later counts.
        for query, header in ((ids[1], ids[3]), (ids[3], ids[1])):
            both = _sse(
                mediator, f"/sessions/{sid}/events?after={query}", headers={"Last-Event-ID": str(header)}
            )
            assert [e["id"] for e in both if "id" in e] == ids[4:]
        with people.client("mediator") as again:
            trace = again.get(f"/sessions/{sid}/trace").text.splitlines()
        assert [json.loads(line) for line in trace[1:]] == [e["data"] for e in everything if "id" in e]


def test_a_move_reaches_the_other_participants_stream(people: Running) -> None:
    with people.client("mediator") as mediator:
        sid = _create(mediator, protocol="single-text", rounds=2, seats=_seats("ukraine", "russia"))["id"]
    seen: list[dict[str, Any]] = []

    def watch() -> None:
        with people.client("russia") as russia:
            seen.extend(_sse(russia, f"/sessions/{sid}/events", until="voted", limit=20))

    watcher = threading.Thread(target=watch)
    watcher.start()
    time.sleep(1.0)
    with people.client("ukraine") as ukraine:
        assert _vote(ukraine, sid, "ukraine").status_code == 200
    watcher.join(30)
    voted = [e for e in seen if e.get("event") == "voted"]
    assert voted and voted[0]["data"]["party"] == "ukraine"
    states = [e for e in seen if e.get("event") == "state"]
    assert states[0]["data"]["you"]["party"] == "russia"  # its own view, no one else's


def test_a_restart_loses_no_session(people: Running) -> None:
    first = start_server(people.db)
    try:
        first.tokens = people.tokens
        with first.client("mediator") as mediator:
            sid = _create(mediator, protocol="single-text", rounds=3, seats=_seats("ukraine", "russia"))["id"]
        with first.client("ukraine") as ukraine:
            assert _vote(ukraine, sid, "ukraine").status_code == 200
    finally:
        first.stop()
    second = start_server(people.db)
    try:
        second.tokens = people.tokens
        with second.client("ukraine") as ukraine:
            again = _vote(ukraine, sid, "ukraine")
            assert again.status_code == 409 and "already voted" in again.json()["detail"]
        state = _play_out(second, sid, {"ukraine": "ukraine", "russia": "russia"})
        assert state["state"] in ("agreed", "broken-down")
    finally:
        second.stop()
    stored, replayed, _ = _replayed_lines(people.db, sid)
    assert stored == replayed


def test_the_ticker_answers_for_a_person_whose_time_ran_out(people: Running) -> None:
    with people.client("mediator") as mediator:
        sid = _create(mediator, protocol="single-text", rounds=2, seats=_seats("ukraine"), move_seconds=1)[
            "id"
        ]
    engine = make_engine(people.db)
    try:
        deadline = time.monotonic() + 30
        rows: Sequence[Row[Any]] = []
        while time.monotonic() < deadline and not rows:  # read the database: a GET would apply them itself
            time.sleep(0.5)
            with engine.connect() as connection:
                rows = connection.execute(live_moves.select().where(live_moves.c.session == sid)).all()
    finally:
        engine.dispose()
    assert rows and rows[0].timeout and rows[0].author is None and rows[0].accepted is False
    with people.client("mediator") as mediator:
        state = get_json(mediator, f"/sessions/{sid}")
    assert state["moves"] >= 1


def test_the_trace_reads_back_and_a_person_gets_its_own_once_ended(people: Running) -> None:
    with people.client("mediator") as mediator:
        sid = _create(mediator, protocol="shuttle", rounds=2, seats=_seats("ukraine", "russia"))["id"]
    with people.client("ukraine") as ukraine:
        early = ukraine.get(f"/sessions/{sid}/trace")
        assert early.status_code == 409
    _play_out(people, sid, {"ukraine": "ukraine", "russia": "russia"})
    with people.client("mediator") as mediator:
        [whole] = read_trace(mediator.get(f"/sessions/{sid}/trace").text.splitlines())
    assert whole.header.agents[list(whole.header.parties).index("ukraine")] == "person"
    assert whole.header.extra["session"] == sid and whole.header.extra["people"]["ukraine"] == ["ukraine"]
    assert whole.ended is not None
    with people.client("ukraine") as ukraine:
        [own] = read_trace(ukraine.get(f"/sessions/{sid}/trace").text.splitlines())
    assert all(e.audience is None or "ukraine" in e.audience for e in own.events)
    assert len(own.events) < len(whole.events)  # the shuttle's other private sessions are not its


def test_sessions_start_when_seated_stop_and_are_listed_as_csv(people: Running) -> None:
    with people.client("mediator") as mediator:
        sid = _create(mediator, protocol="single-text", rounds=1, seats=_seats("ukraine", "russia"),
                      start="when-seated", group="B")["id"]  # fmt: skip
        assert get_json(mediator, f"/sessions/{sid}")["state"] == "waiting"
    with people.client("ukraine") as ukraine:
        assert get_json(ukraine, f"/sessions/{sid}")["state"] == "waiting"
        assert _vote(ukraine, sid, "ukraine").status_code == 409
    with people.client("russia") as russia:
        assert get_json(russia, f"/sessions/{sid}")["state"] == "running"  # every person seat opened it
    with people.client("mediator") as mediator:
        assert mediator.post(f"/sessions/{sid}/start").status_code == 409
        stopped = _create(mediator, protocol="single-text", rounds=3, seats=_seats("ukraine"), group="B")[
            "id"
        ]
        assert mediator.delete(f"/sessions/{stopped}").json()["reason"] == "stopped"
        assert mediator.delete(f"/sessions/{stopped}").status_code == 409
        [ended] = read_trace(mediator.get(f"/sessions/{stopped}/trace").text.splitlines())
        assert ended.ended.reason == "stopped" and not ended.ended.agreement
        never = _create(
            mediator, protocol="single-text", rounds=1, seats=_seats("ukraine"), start="when-seated"
        )
        assert mediator.delete(f"/sessions/{never['id']}").json()["state"] == "broken-down"
        assert get_json(mediator, f"/sessions/{never['id']}")["state"] == "broken-down"
        assert mediator.get(f"/sessions/{never['id']}/trace").text == ""
    with people.client("ukraine") as ukraine:
        assert _vote(ukraine, stopped, "ukraine").status_code == 409
    _play_out(people, sid, {"ukraine": "ukraine", "russia": "russia"})
    with people.client("mediator") as mediator:
        listed = {s["id"]: s for s in get_json(mediator, "/talks/1/sessions")}
        response = mediator.get("/talks/1/sessions.csv")
    assert listed[sid]["group"] == "B" and listed[stopped]["state"] == "broken-down"
    assert response.headers["content-type"].startswith("text/csv")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(response.text))}
    assert set(rows) == set(listed)
    columns = ["id", "group", "protocol", "state", "reason", "rounds", "agreement"]
    for party in PARTIES:
        columns += [f"{party}.seat", f"{party}.person", f"{party}.utility", f"{party}.advantage"]
    assert list(rows[sid]) == [*columns, "nash_distance", "frontier_distance"]
    row = rows[sid]
    assert row["ukraine.seat"] == "person" and row["europe.seat"] == STRATEGY and row["group"] == "B"
    assert row["state"] in ("agreed", "broken-down") and float(row["ukraine.utility"]) >= 0
    assert rows[stopped]["reason"] == "stopped" and rows[stopped]["agreement"] == ""
    # Scored as any breakdown: each party gets its reservation value, no advantage over it.
    assert float(rows[stopped]["ukraine.utility"]) >= 0 and float(rows[stopped]["ukraine.advantage"]) == 0


def test_a_person_never_sees_another_partys_numbers_in_a_session(people: Running) -> None:
    with people.client("mediator") as mediator:
        sid = _create(mediator, protocol="single-text", rounds=2, seats=_seats("ukraine", "russia"))["id"]
    seen = []
    with people.client("ukraine") as ukraine:
        seen.append(ukraine.get(f"/sessions/{sid}").text)
        seen.append(_vote(ukraine, sid, "ukraine").text)
    _play_out(people, sid, {"ukraine": "ukraine", "russia": "russia"})
    with people.client("ukraine") as ukraine:
        seen += [ukraine.get(f"/sessions/{sid}").text, ukraine.get(f"/sessions/{sid}/trace").text]
        seen.append(json.dumps(_sse(ukraine, f"/sessions/{sid}/events")))
    text = "".join(seen)
    for party in PARTIES:
        if party != "ukraine":
            assert PRIVATE[party] not in text and RESERVATION[party] not in text


def test_a_move_made_on_another_server_process_reaches_this_ones_streams(people: Running) -> None:
    other = start_server(people.db)
    other.tokens = people.tokens
    try:
        with people.client("mediator") as mediator:
            sid = _create(mediator, protocol="single-text", rounds=2, seats=_seats("ukraine", "russia"))["id"]
        seen: list[dict[str, Any]] = []

        def watch() -> None:  # on the module's server
            with people.client("russia") as russia:
                seen.extend(_sse(russia, f"/sessions/{sid}/events", until="voted", limit=20))

        watcher = threading.Thread(target=watch)
        watcher.start()
        time.sleep(1.0)
        with other.client("ukraine") as ukraine:  # on the other server
            assert _vote(ukraine, sid, "ukraine").status_code == 200
        watcher.join(30)
    finally:
        other.stop()
    assert [e["data"]["party"] for e in seen if e.get("event") == "voted"] == ["ukraine"]


def test_a_session_whose_stored_events_differ_from_its_moves_is_refused(people: Running) -> None:
    with people.client("mediator") as mediator:
        sid = _create(mediator, protocol="single-text", rounds=2, seats=_seats("ukraine"))["id"]
    engine = make_engine(people.db)
    try:
        with engine.begin() as connection:
            connection.execute(
                live_events.update()
                .where(live_events.c.session == sid, live_events.c.seq == 1)
                .values(data='{"kind": "drafted", "round": 1, "package": [0, 0, 0, 0, 0, 0, 0, 0, 0]}')
            )
    finally:
        engine.dispose()
    fresh = start_server(people.db)  # a process that has not seen the session replays it from the database
    fresh.tokens = people.tokens
    try:
        with fresh.client("mediator") as mediator:
            refused = mediator.get(f"/sessions/{sid}")
        with fresh.client("ukraine") as ukraine:
            move = _vote(ukraine, sid, "ukraine")
    finally:
        fresh.stop()
    assert refused.status_code == 409 and "stored events differ from the replay" in refused.json()["detail"]
    assert move.status_code == 409


def test_past_the_deadline_in_minutes_votes_count_as_no_and_the_text_waits_for_signatures(
    people: Running,
) -> None:
    with people.client("mediator") as mediator:
        sid = _create(mediator, protocol="single-text", minutes=0.03, seats=_seats("ukraine"))["id"]
        deadline = time.monotonic() + 30
        state = get_json(mediator, f"/sessions/{sid}")
        while time.monotonic() < deadline and state["asks"].get("ukraine", {}).get("question") != "sign":
            time.sleep(0.5)
            state = get_json(mediator, f"/sessions/{sid}")
    assert state["state"] == "running" and state["waiting_for"] == ["ukraine"], state
    assert state["time_left"] == 0.0 and state["asks"]["ukraine"]["answer_by"] is None  # no move time set
    with people.client("ukraine") as ukraine:
        signed = _vote(ukraine, sid, "ukraine")
    assert signed.status_code == 200, signed.text
    assert signed.json()["state"] in ("agreed", "broken-down")
    engine = make_engine(people.db)
    try:
        with engine.connect() as connection:
            moves = connection.execute(live_moves.select().where(live_moves.c.session == sid)).all()
    finally:
        engine.dispose()
    assert moves[-1].author == "ukraine" and not moves[-1].timeout
    assert all(m.timeout and m.author is None and m.accepted is False for m in moves[:-1]) and len(moves) >= 2
