"""Where the CLI writes, and its error boundary: a user sees one readable message, never a traceback."""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from typing import Any, ParamSpec, TypeVar

import typer
from rich.console import Console

from accord.model.errors import AccordError, ScenarioError

out = Console(soft_wrap=False)
"""Results: tables and JSON."""
err = Console(stderr=True, soft_wrap=True)
"""Messages, errors and progress, so that stdout stays machine-readable."""

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
    write_json(json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def write_json(text: str) -> None:
    """Write JSON to stdout exactly as given (no Rich wrapping or highlighting)."""
    sys.stdout.write(text)
    sys.stdout.flush()
