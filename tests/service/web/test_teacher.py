"""The teacher's view of live sessions on a real server: one session per group from the form (people bound
to accounts), the list with states and results, the CSV, a party's own sessions, readable refusals."""

from __future__ import annotations

import csv
import io
import re

import pytest

from accord.service.web.session import PageError
from accord.service.web.teacher import groups_of
from tests.service.conftest import Running
from tests.service.web.conftest import add_table
from tests.service.web.test_pages import _csrf, signed_in


def test_the_form_creates_one_session_a_group_and_the_csv_has_a_line_each(server: Running) -> None:
    table = add_table(server, 3)
    teacher = signed_in(server, table.mediator)
    form = teacher.get(f"/talks/{table.talks}/sessions")
    assert 'id="no-sessions"' in form.text and "results as CSV" not in form.text
    v1, v2 = table.people["v1"], table.people["v2"]
    fields = {
        "csrf": _csrf(form),
        "protocol": "single-text",
        "rounds": "3",
        "seat/v1": "person",
        "seat/v2": "person",
        "seat/v3": "boulware",
        "person/v1": v1,
        "groups": f"Group <A>: v2={v2}\nGroup B\n\n",
    }
    created = teacher.post(f"/talks/{table.talks}/sessions", data=fields)
    assert created.status_code == 303 and created.headers["location"].endswith("?created=2")
    page = teacher.get(created.headers["location"]).text
    assert "2 sessions created." in page and "Group &lt;A&gt;" in page and "Group <A>" not in page
    assert page.count('href="/sessions/') == 2
    assert f"v1: {v1}; v2: {v2}; v3: boulware" in page and "v2: any delegate" in page
    download = teacher.get(f"/talks/{table.talks}/sessions.csv")
    assert download.status_code == 200 and download.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(download.text)))
    assert sorted(r["group"] for r in rows) == ["Group <A>", "Group B"]
    assert {r["v1.person"] for r in rows} == {v1} and {r["v3.seat"] for r in rows} == {"boulware"}
    mine = signed_in(server, v2).get(f"/talks/{table.talks}/sessions").text
    assert mine.count('href="/sessions/') == 2 and 'id="new-sessions"' not in mine  # bound in A, any in B
    other = signed_in(server, table.people["v3"]).get(f"/talks/{table.talks}/sessions").text
    assert 'id="no-sessions"' in other  # v3 is played by a strategy
    assert signed_in(server, v1).get(f"/talks/{table.talks}/sessions.csv").status_code == 403


@pytest.mark.parametrize(
    ("fields", "status", "message"),
    [
        ({"rounds": "0"}, 422, "rounds: Input should be greater than or equal to 1"),
        ({"rounds": "", "minutes": ""}, 422, "a live session needs a deadline"),
        ({"seat/v2": "no-such-strategy"}, 422, "no-such-strategy"),
        ({"person/v1": "nobody"}, 422, "people.v1: no account &#39;nobody&#39;"),
        ({"groups": "A: v1"}, 400, "groups: line 1: &#39;v1&#39; is not party=account"),
    ],
)
def test_a_bad_form_is_a_page_naming_the_field(
    server: Running, fields: dict[str, str], status: int, message: str
) -> None:
    table = add_table(server, 2)
    teacher = signed_in(server, table.mediator)
    form = teacher.get(f"/talks/{table.talks}/sessions")
    base = {"csrf": _csrf(form), "protocol": "single-text", "rounds": "3", "seat/v1": "person"}
    response = teacher.post(f"/talks/{table.talks}/sessions", data=base | {"seat/v2": "linear"} | fields)
    assert response.status_code == status and message in response.text, response.text[-800:]
    assert "Traceback" not in response.text
    assert not re.findall(r'href="/sessions/', teacher.get(f"/talks/{table.talks}/sessions").text)


def test_groups_are_read_one_a_line() -> None:
    assert groups_of("") == [(None, {})]
    assert groups_of("A\n  \nB: v1=ann, v2 = bob ") == [("A", {}), ("B", {"v1": "ann", "v2": "bob"})]
    with pytest.raises(PageError, match="at most 100 groups"):
        groups_of("\n".join(f"g{i}" for i in range(101)))


def test_a_group_that_cannot_be_made_says_which_and_how_many_were(server: Running) -> None:
    table = add_table(server, 2)
    teacher = signed_in(server, table.mediator)
    form = teacher.get(f"/talks/{table.talks}/sessions")
    fields = {"csrf": _csrf(form), "protocol": "single-text", "rounds": "3", "seat/v1": "person"}
    fields |= {"seat/v2": "linear", "groups": f"A: v1={table.people['v1']}\nB: v1=nobody"}
    response = teacher.post(f"/talks/{table.talks}/sessions", data=fields)
    assert response.status_code == 422, response.text[-500:]
    assert (
        "group B: people.v1: no account &#39;nobody&#39;" in response.text
        and "(1 created before it)" in response.text
    )
    assert teacher.get(f"/talks/{table.talks}/sessions").text.count('href="/sessions/') == 1
