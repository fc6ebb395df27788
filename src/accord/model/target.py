"""Writing an output file whole or not at all, with one plain sentence when it cannot be written.

Output goes to a hidden ``.NAME.partial`` file beside the target, which replaces the target only once it is
complete; if anything fails the partial file is removed, so a reader never sees half a file and nothing is
left behind. :func:`check_target` refuses a target that cannot be written before any work is done.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from accord.model.errors import AccordError


class TargetError(AccordError):
    """An output file that cannot be written (its folder is missing, it is a folder, permission denied)."""


def check_target(path: str | Path) -> Path:
    """``path`` as a ``Path`` if a file can be written there; a :class:`TargetError` naming it otherwise."""
    path = Path(path)
    folder = path.parent
    if not folder.is_dir():
        reason = "is not a folder" if folder.exists() else "does not exist"
        raise TargetError(f"cannot write {path}: folder {folder} {reason}")
    if path.is_dir():
        raise TargetError(f"cannot write {path}: it is a folder")
    return path


@contextmanager
def atomic_stream(path: str | Path) -> Iterator[TextIO]:
    """A UTF-8 text stream whose content becomes ``path`` when the block ends normally, and nothing if not."""
    path = check_target(path)
    partial = path.with_name(f".{path.name}.partial")
    try:
        with partial.open("w", encoding="utf-8") as stream:
            yield stream
        partial.replace(path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        reason = os.strerror(error.errno) if error.errno else str(error)
        raise TargetError(f"cannot write {path}: {reason.lower()}") from None
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def write_atomically(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` (UTF-8) whole or not at all."""
    with atomic_stream(path) as stream:
        stream.write(text)
