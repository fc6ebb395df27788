"""Which files of a GENIUS folder are its domain and its profiles, told apart by their XML root elements.

Folders as people download them hold more than GENIUS files: the ANAC 2014 domains ship a ``pareto.xml`` of
comma-separated numbers, others a README or pictures. Each entry of the folder is recognised from a bounded
prefix (the root element's start tag comes first; nothing is parsed past it), through the same bounded
reader as every user file, so a FIFO, a device, a symlink loop or a huge file is skipped without blocking
and without being read whole. Only the files recognised are parsed in full; the rest are skipped by name.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.model.errors import Problem, ScenarioError
from accord.model.genius.xml import root_tag
from accord.model.source import read_head

DOMAIN_ROOT = "negotiation_template"
PROFILE_ROOT = "utility_space"

HEAD_BYTES = 64 * 2**10
"""Bytes read to find a file's root element (GENIUS files open with it within a line or two)."""

MAX_ENTRIES = 10_000
"""Most entries a GENIUS folder may hold (ANAC folders hold a domain and a few dozen profiles)."""


@dataclass(frozen=True)
class FolderFiles:
    """The GENIUS files of a folder, and the names of the other entries, each list in natural order."""

    domains: tuple[Path, ...]
    profiles: tuple[Path, ...]
    skipped: tuple[str, ...]


def folder_files(folder: Path) -> FolderFiles:
    """Sort a folder's entries into domain files, profile files and the others (skipped)."""
    domains: list[Path] = []
    profiles: list[Path] = []
    skipped: list[str] = []
    for path in _entries(folder):
        tag = _root_of(path)
        if tag == DOMAIN_ROOT:
            domains.append(path)
        elif tag == PROFILE_ROOT:
            profiles.append(path)
        else:
            skipped.append(path.name)
    return FolderFiles(tuple(domains), tuple(profiles), tuple(skipped))


def natural(path: Path) -> tuple[list[Any], str]:
    """Sort key putting ``util2`` before ``util10`` (then by the whole name, so that the order is total)."""
    parts = re.split(r"(\d+)", path.stem)
    return [int(part) if part.isdigit() else part.lower() for part in parts], path.name


def skipped_note(folder: str | Path, skipped: tuple[str, ...]) -> str:
    """The one note saying which entries of ``folder`` were skipped."""
    count = "1 file that is" if len(skipped) == 1 else f"{len(skipped)} files that are"
    return f"{folder}: skipped {count} not a GENIUS domain or profile file: {names(skipped)}"


def names(skipped: tuple[str, ...], shown: int = 20) -> str:
    """The first ``shown`` names, and how many more."""
    more = f" and {len(skipped) - shown} more" if len(skipped) > shown else ""
    return ", ".join(skipped[:shown]) + more


def _entries(folder: Path) -> list[Path]:
    """The folder's entries, in natural order; at most ``MAX_ENTRIES``."""
    try:
        with os.scandir(folder) as listing:
            names = []
            for entry in listing:
                names.append(entry.name)
                if len(names) > MAX_ENTRIES:
                    raise _problem(folder, f"more than {MAX_ENTRIES:,} entries: is this a GENIUS folder?")
    except OSError as error:
        raise _problem(folder, f"cannot be listed ({os.strerror(error.errno or 0)})") from None
    return sorted((folder / name for name in names), key=natural)


def _root_of(path: Path) -> str | None:
    """The root element's tag of a regular file that starts as XML; None for anything else."""
    try:
        head = read_head(path, HEAD_BYTES, "GENIUS file")
    except ScenarioError:  # a folder, FIFO, device, socket, broken link or unreadable file: not GENIUS
        return None
    return root_tag(head)


def _problem(folder: Path, message: str) -> ScenarioError:
    return ScenarioError([Problem(str(folder), 0, 0, "", message)])
