"""A scenario sent to the service: JSON, YAML (``Content-Type: application/yaml``) or a GENIUS domain folder
as a zip, read by the same readers as the command line, with the same located problems.

A zip is unpacked with bounds: at most :data:`MAX_FILES` members and :data:`~accord.model.files.MAX_BYTES`
in all (counted while inflating, not trusted from the headers), no absolute path, no ``..``, no link, no
device; it goes into a temporary folder that is removed afterwards. Problems name ``<upload>`` and the
member's path, never the temporary folder.
"""

from __future__ import annotations

import stat
import tempfile
import zipfile
from io import BytesIO
from pathlib import Path, PurePosixPath

from accord.model.errors import Problem, ScenarioError
from accord.model.files import MAX_BYTES, decode_text, parse_scenario
from accord.model.genius import load_genius
from accord.model.scenario import Scenario

SOURCE = "<upload>"
MAX_FILES = 256
"""Most members a GENIUS zip may hold (a domain file and a profile per party)."""
CHUNK = 1 << 16
TEXT_TYPES = frozenset({"application/json", "application/yaml", "application/x-yaml", "text/yaml"})
ZIP_TYPES = frozenset({"application/zip", "application/x-zip-compressed"})
MEDIA_TYPES = sorted(TEXT_TYPES | ZIP_TYPES)


class UnsupportedMedia(ValueError):
    """A body whose content type the route does not read."""


def media_type(content_type: str | None) -> str:
    return (content_type or "application/json").split(";", 1)[0].strip().lower()


def read_upload(body: bytes, content_type: str | None) -> Scenario:
    """The scenario in a request body; :class:`ScenarioError` with located problems if it is not one."""
    kind = media_type(content_type)
    if kind in TEXT_TYPES:
        return parse_scenario(decode_text(body, SOURCE), SOURCE)
    if kind in ZIP_TYPES:
        return _read_zip(body)
    raise UnsupportedMedia(f"unsupported content type '{kind}' (one of: {', '.join(MEDIA_TYPES)})")


def _fail(message: str) -> ScenarioError:
    return ScenarioError([Problem(SOURCE, 0, 0, "", message)])


def _read_zip(body: bytes) -> Scenario:
    try:
        archive = zipfile.ZipFile(BytesIO(body))
    except (zipfile.BadZipFile, EOFError):
        raise _fail("not a zip archive") from None
    with archive, tempfile.TemporaryDirectory(prefix="accord-upload-") as folder:
        root = Path(folder)
        _unpack(archive, root)
        try:
            return load_genius(_domain_folder(root))
        except ScenarioError as error:
            raise ScenarioError([_relocated(p, root) for p in error.problems]) from None


def _unpack(archive: zipfile.ZipFile, root: Path) -> None:
    members = archive.infolist()
    if len(members) > MAX_FILES:
        raise _fail(f"the zip holds {len(members)} members; at most {MAX_FILES}")
    budget = MAX_BYTES
    for member in members:
        name = PurePosixPath(member.filename.replace("\\", "/"))
        mode = member.external_attr >> 16
        if name.is_absolute() or ".." in name.parts or ":" in member.filename:
            raise _fail(f"zip member '{member.filename}' points outside the folder")
        if stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR):  # links, devices, pipes
            raise _fail(f"zip member '{member.filename}' is not a plain file or folder")
        target = root.joinpath(*name.parts)
        if member.is_dir():
            target.mkdir(parents=True, exist_ok=True)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        budget = _extract(archive, member, target, budget)


def _extract(archive: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path, budget: int) -> int:
    """Inflate one member into ``target``, never more than ``budget`` bytes; what is left of the budget."""
    try:
        with archive.open(member) as source, target.open("wb") as sink:
            while chunk := source.read(CHUNK):
                budget -= len(chunk)
                if budget < 0:
                    raise _fail(f"the zip inflates to more than {MAX_BYTES:,} bytes")
                sink.write(chunk)
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError) as error:
        raise _fail(f"zip member '{member.filename}' cannot be read ({error})") from None
    return budget


def _domain_folder(root: Path) -> Path:
    """The folder of the XML files: the zip's top level, or its one folder."""
    if any(root.glob("*.xml")):
        return root
    folders = [p for p in root.iterdir() if p.is_dir() and not p.name.startswith(("__MACOSX", "."))]
    if len(folders) == 1:
        return _domain_folder(folders[0])
    raise _fail("no GENIUS domain in the zip: expected XML files at its top or in its one folder")


def _relocated(problem: Problem, root: Path) -> Problem:
    """The problem with the temporary folder replaced by ``<upload>``."""
    source = problem.source
    prefix = str(root)
    if source.startswith(prefix):
        source = SOURCE + source[len(prefix) :].replace("\\", "/")
    return Problem(
        source, problem.line, problem.column, problem.field, problem.message.replace(prefix, SOURCE)
    )
