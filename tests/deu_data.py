"""The half of DEU III shared beside the repository (``../shared/data/deu3``), for the tests that read it.

A user's fresh clone has no ``../shared``: tests that need it skip with a reason; CI always has it.
``ACCORD_SHARED`` names another shared folder (a git worktree sits one level deeper than the clone).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(os.environ.get("ACCORD_SHARED", Path(__file__).resolve().parents[1].parent / "shared"))
TABLE = SHARED / "data" / "deu3" / "deu3-part-a.tsv"

needs_deu = pytest.mark.skipif(
    not TABLE.is_file(), reason=f"the DEU III half is not here ({TABLE}); it sits beside the repository in CI"
)

HEADER = [
    "prnrnmc",
    "isnrnmc",
    "prnr",
    "prname",
    "isnr",
    "intro",
    "pcom",
    "pde",
    "pfr",
    "scom",
    "sde",
    "sfr",
    "rp",
    "out",
]


def tsv(*rows: list[str]) -> str:
    """A small DEU table: the header, then ``rows`` (cells as written, quotes included)."""
    return "\n".join("\t".join(row) for row in ([f'"{c}"' for c in HEADER], *rows)) + "\n"
