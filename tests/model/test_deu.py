"""Reading DEU tables: the general case (missing cells, one actor, quoted text, odd dates); located errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from accord.model.deu import load_deu, parse_deu
from accord.model.errors import ScenarioError
from tests.deu_data import TABLE, needs_deu, tsv

CAPABILITIES = ["", "", "", "", "", "", '"4.1"', '"4.1"', '"2.8"', "", "", "", "", ""]
ROW = [
    "1",
    "1",
    '"d1"',
    '"fishing, quotas"',
    '"d1i1"',
    '"26-01-00"',
    "100",
    "0",
    "50",
    "50",
    "80",
    "20",
    "",
    "40",
]


def problems(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        parse_deu(text, "t.tsv")
    return [str(p) for p in caught.value.problems]


def test_a_row_with_missing_cells_and_a_capability_row() -> None:
    sparse = ["1", "2", '"d1"', '"x"', '"d1i2"', "999", "", "30", "", "", "", "", "10", ""]
    table = parse_deu(tsv(CAPABILITIES, ROW, sparse), "t.tsv")
    assert table.actors == ("com", "de", "fr")
    assert table.capabilities == {"com": 4.1, "de": 4.1, "fr": 2.8}
    first, second = table.issues
    assert (first.proposal, first.proposal_name, first.issue, first.line) == (
        "d1",
        "fishing, quotas",
        "d1i1",
        3,
    )
    assert first.positions == {"com": 100, "de": 0, "fr": 50}
    assert (first.reference_point, first.outcome) == (None, 40)
    assert second.positions == {"de": 30} and second.saliences == {}
    assert (second.reference_point, second.outcome) == (10, None)


def test_without_a_capability_row_everyone_counts_one() -> None:
    table = parse_deu(tsv(ROW), "t.tsv")
    assert table.capabilities == {} and table.capability("fr") == 1.0


def test_an_actor_without_a_capability_gets_the_median() -> None:
    table = parse_deu(tsv(["", "", "", "", "", "", '"1"', "", '"3"', "", "", "", "", ""], ROW), "t.tsv")
    assert table.capability("de") == 2.0


def test_a_quoted_cell_may_hold_a_tab_and_a_newline() -> None:
    row = list(ROW)
    row[3] = '"a name\twith a tab\nand a line"'
    after = list(ROW)
    after[4] = '"d1i2"'
    table = parse_deu(tsv(row, after), "t.tsv")
    assert table.issues[0].proposal_name == "a name\twith a tab\nand a line"
    assert table.issues[1].line == 4


def test_bad_numbers_are_located_by_line_and_column() -> None:
    row = list(ROW)
    row[7], row[12] = "abc", "140"
    assert problems(tsv(row)) == [
        "t.tsv:2:8: pde: 'abc' is not a number from 0 to 100",
        "t.tsv:2:13: rp: '140' is not a number from 0 to 100",
    ]


@pytest.mark.parametrize("value", ["nan", "inf", "-5", "1e400"])
def test_numbers_that_are_not_on_the_scale(value: str) -> None:
    row = list(ROW)
    row[13] = value
    assert problems(tsv(row)) == [f"t.tsv:2:14: out: '{value}' is not a number from 0 to 100"]


def test_a_short_row_and_a_repeated_issue() -> None:
    assert problems(tsv(ROW[:5])) == ["t.tsv:2:0: 5 cells, but the header has 14"]
    assert problems(tsv(ROW, ROW)) == ["t.tsv:3:0: isnr: issue 'd1i1' of proposal 'd1' already on line 2"]


def test_a_file_that_is_not_a_deu_table() -> None:
    assert problems("name\tvalue\nx\t1\n") == [
        "t.tsv:1:0: not a DEU table: no column prnr (or prnrnmc), isnr (or isnrnmc), "
        "p<actor> and s<actor> position and salience columns"
    ]
    assert problems('"prnr"\t"prnr"\n') == ["t.tsv:1:2: prnr: column 'prnr' appears twice"]
    assert problems(tsv()) == ["t.tsv:0:0: the table has no issue rows"]


def test_an_unclosed_quote() -> None:
    row = list(ROW)
    row[3] = '"open'
    assert problems(tsv(row))[0].startswith("t.tsv:")


def test_many_problems_stop_at_a_limit() -> None:
    bad = list(ROW)
    bad[6] = "x"
    rows = [[*bad[:4], f'"d1i{n}"', *bad[5:]] for n in range(80)]
    assert len(problems(tsv(*rows))) == 50


def test_a_missing_file_and_a_binary_file(tmp_path: Path) -> None:
    with pytest.raises(ScenarioError, match="no such file"):
        load_deu(tmp_path / "absent.tsv")
    binary = tmp_path / "b.tsv"
    binary.write_bytes(b"\x00\x01")
    with pytest.raises(ScenarioError, match="NUL"):
        load_deu(binary)


@needs_deu
def test_the_shared_half_reads() -> None:
    table = load_deu(TABLE)
    assert len(table.actors) == 30 and len(table.issues) == 188
    assert len({issue.proposal for issue in table.issues}) == 71
    assert sum(issue.outcome is not None for issue in table.issues) == 180
    assert table.capabilities["de"] == 4.1 and table.capabilities["com"] == 4.1


def test_too_many_actors() -> None:
    header = ["prnr", "isnr"] + [f"p{i}" for i in range(101)] + [f"s{i}" for i in range(101)]
    assert problems("\t".join(header) + "\n") == ["t.tsv:1:0: 101 actors; at most 100 are read"]


def test_a_row_without_a_code_and_an_actor_code_that_is_not_an_id() -> None:
    row = list(ROW)
    row[4] = ""
    assert problems(tsv(row)) == ["t.tsv:2:5: isnr: no issue code"]
    assert problems('"prnr"\t"isnr"\t"p(x)"\t"s(x)"\n') == [
        "t.tsv:1:3: p(x): actor code '(x)' is not letters, digits, '_', '.' or '-'"
    ]
