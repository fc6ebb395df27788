"""GENIUS/ANAC interoperability: domain folders in, domain folders out, with GENIUS's own utility semantics.

See ``docs/genius.md`` for the semantics, the normalisation and what differs from NegMAS's import.
"""

from __future__ import annotations

from accord.model.genius.exporter import save_genius
from accord.model.genius.importer import (
    GeniusFolder,
    is_genius_folder,
    load_genius,
    load_genius_files,
    read_genius,
)

__all__ = [
    "GeniusFolder",
    "is_genius_folder",
    "load_genius",
    "load_genius_files",
    "read_genius",
    "save_genius",
]
