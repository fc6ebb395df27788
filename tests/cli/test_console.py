"""The console every report is printed on: user text is never markup and never reaches the terminal as
control characters, even on a colour terminal."""

from __future__ import annotations

import io

import pytest
from rich.table import Table
from rich.text import Text

from accord.cli.console import LONGEST_WORD, ReportConsole, literal, print_report, visible
from tests.hostile import HOSTILE, SHOWN


def _terminal() -> tuple[ReportConsole, io.StringIO]:
    stream = io.StringIO()
    return ReportConsole(file=stream, force_terminal=True, color_system="truecolor", width=400), stream


def test_visible_shows_each_control_character() -> None:
    assert visible(HOSTILE) == SHOWN
    assert visible("a\x00b\x7fc\x9bd\u202ee") == "a␀b␡c<U+009B>d<U+202E>e"
    assert visible("two\nlines\tand a tab") == "two\nlines\tand a tab"


def test_a_colour_terminal_gets_no_escape_sequence_from_user_text() -> None:
    console, stream = _terminal()
    table = Table(title=HOSTILE)
    table.add_column(HOSTILE)
    table.add_row(HOSTILE)
    table.add_row(literal(HOSTILE, style="bold"))
    console.print(table)
    console.print(HOSTILE, markup=True, emoji=True)  # asking for markup does not make user text markup
    output = stream.getvalue()
    assert output.count("\x1b[31m") == 0 and output.count("\x07") == 0 and "\r" not in output
    assert "\x1b]8;" not in output  # no hyperlink, neither from markup nor from the OSC 8 sequence
    assert output.count("[/oops]") == 5 and output.count("␛[31mred") == 5
    assert "⚠" not in output


def test_control_characters_in_a_text_built_directly_are_dropped() -> None:
    """A Text made without :func:`literal` still cannot send an escape sequence to the terminal."""
    console, stream = _terminal()
    console.print(Text("before\x1b[2Jafter\x1b]8;;https://evil.example/\x1b\\"))
    output = stream.getvalue()
    assert "\x1b[2J" not in output and "\x1b]8;;" not in output
    assert "before[2Jafter]8;;https://evil.example/" in output


def test_a_very_long_word_is_folded_not_cut_and_the_report_stays_narrow(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A 5000-character word in one cell widens no row to 5000 columns; it is folded over lines, whole."""
    table = Table("#", "Statement")
    table.add_row("1", "x" * 5000)
    for i in range(2, 100):
        table.add_row(str(i), "short")
    print_report(table)
    output = capsys.readouterr().out
    assert "…" not in output
    assert output.count("x") == 5000
    assert max(len(line) for line in output.splitlines()) <= LONGEST_WORD + 20
