"""A live session's pages on a real server: a person's page (its own numbers and the moves it may make),
the mediator's (the exact analysis beside the draft), moves from the page's forms (a refused one shown with
its reason), the live event stream, and the replay of a finished session, equal to its stored trace."""

from __future__ import annotations

import json
import re
from typing import Any

import httpx

from tests.service.conftest import Running, get_json
from tests.service.web.conftest import PRIVATE, add_table, site
from tests.service.web.test_pages import _csrf, signed_in

PEOPLE = ("ukraine", "russia")


def seats(*people: str, strategy: str = "linear") -> dict[str, str]:
    """Every party's seat: a person for ``people``, ``strategy`` for the others."""
    return {party: "person" if party in people else strategy for party in PRIVATE}


def create(server: Running, **body: Any) -> str:
    """A live session made by the mediator through the API; its id."""
    with server.client("mediator") as mediator:
        response = mediator.post("/talks/1/sessions", json=body)
        assert response.status_code == 201, response.text
        return str(response.json()["id"])


def move(client: httpx.Client, sid: str, value: str, **fields: str) -> httpx.Response:
    """A move from the person's page: the form's button ``move=value``."""
    page = client.get(f"/sessions/{sid}")
    round_ = re.search(r'name="round" value="(\d+)"', page.text)
    data = {"csrf": _csrf(page), "move": value, **fields}
    if round_:
        data["round"] = round_.group(1)
    return client.post(f"/sessions/{sid}/moves", data=data)


def play_out(server: Running, sid: str, vote: str = "accept") -> None:
    """Every person answers every question from its page until the session ends."""
    browsers = {party: signed_in(server, party) for party in PEOPLE}
    for _ in range(200):
        with server.client("mediator") as mediator:
            state = get_json(mediator, f"/sessions/{sid}")
        if state["state"] in ("agreed", "broken-down"):
            return
        for party in state["waiting_for"]:
            answer = move(browsers[party], sid, vote)
            assert answer.status_code in (303, 409), answer.text[:300]
    raise AssertionError("the session did not end")


def test_a_person_sees_its_own_numbers_and_the_moves_it_may_make(server: Running) -> None:
    sid = create(server, protocol="single-text", rounds=3, seats=seats(*PEOPLE))
    ukraine = signed_in(server, "ukraine")
    page = ukraine.get(f"/sessions/{sid}")
    assert page.status_code == 200, page.text[:300]
    assert "you are ukraine" in page.text and "Accept the text" in page.text
    assert 'id="changes"' in page.text and 'id="your-utility"' in page.text
    assert f'data-events="/sessions/{sid}/events?after=' in page.text
    for party, number in PRIVATE.items():
        if party != "ukraine":
            assert number not in page.text, party
    assert 'id="zone"' not in page.text  # the analysis is the mediator's
    mediator = signed_in(server, "mediator").get(f"/sessions/{sid}")
    assert 'id="zone"' in mediator.text and 'id="asks"' in mediator.text
    assert "Accept the text" not in mediator.text  # the mediator never moves for a party
    observer = signed_in(server, "observer").get(f"/sessions/{sid}")
    assert observer.status_code == 200 and 'id="changes"' not in observer.text
    alone = create(server, protocol="single-text", rounds=3, seats=seats("ukraine"))
    assert signed_in(server, "russia").get(f"/sessions/{alone}").status_code == 403  # seated as a strategy


def test_a_move_from_the_page_is_made_and_a_refused_one_is_shown_with_its_reason(server: Running) -> None:
    sid = create(server, protocol="single-text", rounds=3, seats=seats(*PEOPLE))
    ukraine = signed_in(server, "ukraine")
    page = ukraine.get(f"/sessions/{sid}")
    made = move(ukraine, sid, "accept")
    assert made.status_code == 303 and made.headers["location"] == f"/sessions/{sid}"
    after = ukraine.get(f"/sessions/{sid}").text
    assert "Accept the text" not in after and "waits for russia" in after
    again = ukraine.post(f"/sessions/{sid}/moves", data={"csrf": _csrf(page), "move": "reject", "round": "1"})
    assert again.status_code == 409 and "you already voted on this proposal" in again.text
    malformed = ukraine.post(f"/sessions/{sid}/moves", data={"csrf": _csrf(page), "move": "shrug"})
    assert (
        malformed.status_code == 422 and "give exactly one of vote, accept, offer or pass" in malformed.text
    )
    forged = ukraine.post(f"/sessions/{sid}/moves", data={"move": "accept"})
    assert forged.status_code == 400  # no CSRF token
    assert signed_in(server, "mediator").post(
        f"/sessions/{sid}/moves", data={"csrf": _csrf(page), "move": "accept"}
    ).status_code in (400, 403)


def test_an_offer_is_made_from_the_form_of_the_open_points(server: Running) -> None:
    table = add_table(server, 2)  # alternating offers are bilateral
    teacher = signed_in(server, table.mediator)
    form = teacher.get(f"/talks/{table.talks}/sessions")
    fields = {"csrf": _csrf(form), "protocol": "alternating-offers", "rounds": "4", "groups": ""}
    fields |= {f"seat/{party}": "person" for party in table.people}
    assert teacher.post(f"/talks/{table.talks}/sessions", data=fields).status_code == 303
    sid = re.findall(r'href="/sessions/([0-9a-f]{32})"', teacher.get(f"/talks/{table.talks}/sessions").text)[
        0
    ]
    first = _json(teacher, sid)["waiting_for"][0]
    client = signed_in(server, table.people[first])
    page = client.get(f"/sessions/{sid}").text
    assert "Offer this package" in page
    chosen = dict(re.findall(r'name="offer/([^"]+)">.*?<option selected>([^<]+)</option>', page))
    assert set(chosen) == {"p1", "p2"}, page[:500]
    made = move(client, sid, "offer", **{f"offer/{k}": v for k, v in chosen.items()})
    assert made.status_code == 303, made.text[:300]
    mediator_page = teacher.get(f"/sessions/{sid}").text
    draft = mediator_page.split('id="draft"')[1].split("</table>")[0]
    for point, option in chosen.items():
        assert f'<th scope="row">{point}</th><td>{option}</td>' in draft


def _json(client: httpx.Client, sid: str) -> dict[str, Any]:
    """The state the mediator's page shows, from its status line and asks (no API token needed)."""
    page = client.get(f"/sessions/{sid}").text
    waiting = re.search(r"waiting for ([^<·\n]+)", page)
    return {"waiting_for": [] if waiting is None else [p.strip() for p in waiting.group(1).split(",")]}


def test_a_finished_session_replays_as_its_stored_trace(server: Running) -> None:
    sid = create(server, protocol="single-text", rounds=2, seats=seats(*PEOPLE))
    play_out(server, sid)
    mediator = signed_in(server, "mediator")
    replay = mediator.get(f"/sessions/{sid}/replay")
    assert replay.status_code == 200, replay.text[:300]
    with server.client("mediator") as api:
        lines = [json.loads(line) for line in api.get(f"/sessions/{sid}/trace").text.splitlines()]
    events = lines[1:]  # after the header
    table = replay.text.split('id="steps"')[1].split("</table>")[0]
    rows = re.findall(r"<tr[^>]*><td><a [^>]*>(\d+)</a></td><td>(\d+)</td><td>([a-z-]+)", table)
    assert [(int(r), k) for _, r, k in rows] == [(e["round"], e["kind"]) for e in events]
    assert 'id="dance" data-figure=' in replay.text
    page = mediator.get(f"/sessions/{sid}").text
    assert 'id="score"' in page and 'id="replay-link"' in page and 'data-events=""' in page
    assert signed_in(server, "ukraine").get(f"/sessions/{sid}/replay").status_code == 403


def test_the_page_stream_resumes_after_the_last_event_seen(server: Running) -> None:
    sid = create(server, protocol="single-text", rounds=1, seats=seats(*PEOPLE))
    play_out(server, sid)
    ukraine = signed_in(server, "ukraine")
    with ukraine.stream("GET", f"/sessions/{sid}/events", params={"after": "2"}) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        text = response.read().decode()
    ids = [int(n) for n in re.findall(r"^id: (\d+)$", text, re.MULTILINE)]
    assert ids and min(ids) > 2 and "event: end" in text
    for party, number in PRIVATE.items():
        if party != "ukraine":
            assert number not in text, party
    reconnected = ukraine.get(
        f"/sessions/{sid}/events", params={"after": "2"}, headers={"Last-Event-ID": "4"}
    )
    again = [int(n) for n in re.findall(r"^id: (\d+)$", reconnected.text, re.MULTILINE)]
    assert again and min(again) > 4  # after the last event the browser saw, not the page's first


def test_a_session_page_of_no_session_tells_nothing(server: Running) -> None:
    response = httpx.get(site(server) + "/sessions/" + "0" * 32)
    assert response.status_code == 401
    assert signed_in(server, "mediator").get("/sessions/" + "0" * 32).status_code == 403
