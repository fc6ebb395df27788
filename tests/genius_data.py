"""The ANAC domains shared beside the repository (``../shared/data/genius``), for the tests that read them.

A user's fresh clone has no ``../shared``: tests that need the folder skip with a reason; CI always has it.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import pytest

from accord.model.genius import load_genius

ENV_DATA = "ACCORD_GENIUS_DATA"

DATA = Path(
    os.environ.get(ENV_DATA) or Path(__file__).resolve().parents[1].parent / "shared" / "data" / "genius"
)
"""The domains: ``../shared/data/genius``, or the folder ``ACCORD_GENIUS_DATA`` names (the same layout: one
folder per collection, one per domain), to run the same checks on other domains."""

needs_data = pytest.mark.skipif(
    not DATA.is_dir(), reason=f"the ANAC domains are not here ({DATA}); they sit beside the repository in CI"
)


def domain_folders() -> list[Path]:
    """Every domain folder, sorted (empty when the data folder is absent)."""
    return sorted(p for p in DATA.glob("*/*") if p.is_dir()) if DATA.is_dir() else []


def name(folder: Path) -> str:
    return f"{folder.parent.name}/{folder.name}"


def packages(folder: Path) -> int:
    return math.prod(len(point.options) for point in load_genius(folder).points)
