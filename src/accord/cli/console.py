"""Where the CLI writes, and its error boundary: a user sees one readable message, never a traceback."""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterator
from typing import Annotated, Any, ParamSpec, TypeVar

import typer
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table
from rich.text import Text

from accord.model.errors import AccordError, ScenarioError
from accord.model.output import json_text

_BIDI = {0x061C, 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)}
"""Bidirectional controls: they reorder what the terminal shows (Boucher & Anderson 2021, Trojan Source)."""
_CONTROLS = {code for code in range(0x20) if chr(code) not in "\n\t"} | {0x7F, *range(0x80, 0xA0), *_BIDI}
_SHOWN = str.maketrans(
    {
        code: chr(0x2400 + code) if code < 0x20 else "\u2421" if code == 0x7F else f"<U+{code:04X}>"
        for code in _CONTROLS
    }
)
_DROPPED = dict.fromkeys(_CONTROLS)


def visible(text: str) -> str:
    """``text`` with every control character shown, never obeyed: C0 as its control picture (ESC as "␛",
    BEL as "␇", CR as "␍"), DEL as "␡", C1 and bidirectional controls as ``<U+XXXX>``. Newlines and tabs
    stay."""
    return text.translate(_SHOWN)


def literal(text: object, style: str = "") -> Text:
    """User data (a name, a title, a statement, a source...) as a Rich renderable: never markup, never an
    emoji code, control characters shown (:func:`visible`). Reports build every Text holding user data with
    it; a plain string is already literal on a :class:`ReportConsole`."""
    return Text(visible(str(text)), style=style)


class ReportConsole(Console):
    """A console on which every string is literal text.

    Strings (table cells, titles, captions, rules, messages) are never read as markup or emoji codes, and
    their control characters are shown (:func:`visible`); whatever else reaches the output has its control
    characters dropped, so no escape sequence from user data reaches the terminal. Rich's own control
    segments (cursor moves of a progress bar) pass. A ``Panel`` title is parsed as markup by Rich whatever
    the console: give it a :class:`~rich.text.Text`.
    """

    def __init__(self, **settings: Any) -> None:
        super().__init__(**{"markup": False, "emoji": False, "highlight": False, **settings})

    def render_str(self, text: str, **settings: Any) -> Text:
        return super().render_str(visible(text), **{**settings, "markup": False, "emoji": False})

    def render(self, renderable: RenderableType, options: ConsoleOptions | None = None) -> Iterator[Segment]:
        for segment in super().render(renderable, options):
            if segment.control is None and not segment.text.isprintable():
                # control characters are zero-width: dropping them leaves the layout as it was
                yield Segment(segment.text.translate(_DROPPED), segment.style)
            else:
                yield segment


out = ReportConsole(soft_wrap=False)
"""Results: tables and JSON."""
err = ReportConsole(stderr=True, soft_wrap=True)
"""Messages, errors and progress, so that stdout stays machine-readable."""

MAX_WIDTH = 1000
"""Widest report written to a file (before a table's columns are given their longest words)."""
LONGEST_WORD = 200
"""Longest word a table column is widened to; a longer one (a long URL) is folded over lines."""

Width = Annotated[
    int | None,
    typer.Option(
        "--width",
        min=20,
        max=MAX_WIDTH,
        help="Wrap the report at this many columns, wider where a cell needs it (default: the terminal's "
        "width; when not writing to a terminal, 80 or $COLUMNS, widened so that no cell is cut).",
    ),
]


def print_report(report: RenderableType, width: int | None = None) -> None:
    """Print a readable report on stdout.

    In a terminal it wraps at the terminal's width. Written to a file or a pipe (or with ``width``) it wraps
    at ``width`` (default: 80 or ``$COLUMNS``), widened to the least width at which no word of any cell is
    cut, up to :data:`MAX_WIDTH`.
    """
    if width is None and out.is_terminal:
        out.print(report)
        return
    options = out.options.update_width(MAX_WIDTH)
    _keep_words_whole(report, options)
    needed = Measurement.get(out, options, report).minimum
    fitted = ReportConsole(soft_wrap=False, width=min(MAX_WIDTH, max(width or out.width, needed)))
    fitted.print(report, crop=False)  # a table Rich lays out a little wider than measured is not cut


def _keep_words_whole(report: RenderableType, options: ConsoleOptions) -> None:
    """Give every column of every table in ``report`` the width of its longest word (up to
    :data:`LONGEST_WORD`) as its least width, and fold a longer word over lines rather than cut it.

    Rich narrows the widest columns of a table that does not fit, below the longest word of their cells, and
    cuts that word with an ellipsis; a column's ``min_width`` it always keeps. A column with a longer word is
    kept to :data:`LONGEST_WORD`, so that one word does not widen every row of a long table.
    """
    if isinstance(report, Group):
        for part in report.renderables:
            _keep_words_whole(part, options)
    elif isinstance(report, Table):
        for column in report.columns:
            words = [Measurement.get(out, options, cell).minimum for cell in (column.header, *column.cells)]
            longest = max(column.min_width or 0, *words)
            column.min_width = min(LONGEST_WORD, longest)
            if longest > LONGEST_WORD:
                column.max_width, column.overflow = LONGEST_WORD, "fold"


EXIT_INPUT = 2
"""Exit code for bad input: a malformed file, an unknown name, a space too large."""
EXIT_INTERNAL = 1
"""Exit code for a fault in Accord itself."""

P = ParamSpec("P")
R = TypeVar("R")


def report_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turn Accord's errors into a message and exit code 2, and any other fault into one line and code 1.

    Set ``ACCORD_DEBUG=1`` to see the traceback of an internal error.
    """

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except (typer.Exit, typer.Abort):
            raise
        except ScenarioError as error:
            for problem in error.problems:
                err.print(str(problem), markup=False, highlight=False)
            raise typer.Exit(EXIT_INPUT) from None
        except AccordError as error:
            err.print(f"accord: {error}", markup=False, highlight=False)
            raise typer.Exit(EXIT_INPUT) from None
        except KeyboardInterrupt:
            err.print("accord: interrupted", markup=False)
            raise typer.Exit(130) from None
        except Exception as error:
            if os.environ.get("ACCORD_DEBUG"):
                raise
            message = (
                f"accord: internal error ({type(error).__name__}): {error}. Set ACCORD_DEBUG=1 for details."
            )
            err.print(message, markup=False, highlight=False)
            raise typer.Exit(EXIT_INTERNAL) from None

    return run


def print_json(data: Any) -> None:
    """Write JSON-ready data to stdout: indented, UTF-8 as is, with a final newline."""
    write_json(json_text(data))


def write_json(text: str) -> None:
    """Write JSON to stdout exactly as given (no Rich wrapping or highlighting)."""
    sys.stdout.write(text)
    sys.stdout.flush()
