"""Reading an input file whatever it turns out to be: regular files only, and never more than a limit.

A path a user gives may name a folder, a FIFO that never ends, ``/dev/zero`` (directly or through a symlink),
a symlink loop or a file that grows while it is read. Every reader of user files goes through
:func:`read_bounded`, which opens the path without blocking, refuses anything but a regular file, and reads at
most ``limit`` bytes, so memory and time stay bounded and every refusal is one plain sentence naming the file.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from accord.model.errors import Problem, ScenarioError

_KINDS = (
    (stat.S_ISDIR, "is a folder"),
    (stat.S_ISFIFO, "is a pipe (FIFO)"),
    (stat.S_ISCHR, "is a device"),
    (stat.S_ISBLK, "is a device"),
    (stat.S_ISSOCK, "is a socket"),
)


def read_bounded(path: str | Path, limit: int, what: str = "file") -> bytes:
    """The bytes of the regular file at ``path`` (symlinks followed), at most ``limit`` of them.

    Raises a :class:`ScenarioError` naming the path when it does not exist, cannot be read, is not a regular
    file (a folder, FIFO, device or socket: ``what`` says what was expected), is a symlink loop, or holds more
    than ``limit`` bytes.
    """
    raw = _read(str(path), limit, what, whole=True)
    if len(raw) > limit:  # it grew while it was read
        raise _problem(str(path), f"file is too large (more than {limit:,} bytes; the limit is {limit:,})")
    return raw


def read_head(path: str | Path, count: int, what: str = "file") -> bytes:
    """The first ``count`` bytes of the regular file at ``path`` (all of it when it is shorter), to tell what
    a file is without reading it whole; refused as :func:`read_bounded` refuses, whatever the file's size."""
    return _read(str(path), count, what, whole=False)


def _problem(source: str, message: str) -> ScenarioError:
    return ScenarioError([Problem(source, 0, 0, "", message)])


def _read(source: str, limit: int, what: str, *, whole: bool) -> bytes:
    """Open without blocking, refuse anything but a regular file, then read ``limit`` bytes (``limit + 1``
    when the file must be ``whole``: one more byte shows that it grew past the limit)."""
    try:
        # O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer, forever.
        descriptor = os.open(source, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise _problem(source, "no such file") from None
    except PermissionError:
        raise _problem(source, "permission denied") from None
    except IsADirectoryError:
        raise _problem(source, f"is a folder, not a {what}") from None
    except OSError as error:
        raise _problem(source, _os_message(error)) from None
    try:
        mode = os.fstat(descriptor).st_mode
        for is_kind, kind in _KINDS:
            if is_kind(mode):
                raise _problem(source, f"{kind}, not a {what}")
        size = os.fstat(descriptor).st_size
        if whole and size > limit:  # refused before a byte is read
            raise _problem(source, f"file is too large ({size:,} bytes; the limit is {limit:,})")
        return _read_at_most(descriptor, limit + 1 if whole else limit)
    except OSError as error:
        raise _problem(source, _os_message(error)) from None
    finally:
        os.close(descriptor)


def _read_at_most(descriptor: int, count: int) -> bytes:
    """Up to ``count`` bytes from a regular file, in chunks (a file may grow while it is read)."""
    chunks: list[bytes] = []
    left = count
    while left > 0:
        chunk = os.read(descriptor, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _os_message(error: OSError) -> str:
    """An operating-system error in plain words, without the path (the message names it already)."""
    if error.errno == errno.ELOOP:
        return "is a symbolic link that loops (or too many links in a row)"
    if error.errno == errno.ENAMETOOLONG:
        return "the path is too long"
    if error.errno == errno.ENOTDIR:
        return "a part of the path is not a folder"
    return f"cannot be read ({os.strerror(error.errno) if error.errno else 'unknown error'})"
