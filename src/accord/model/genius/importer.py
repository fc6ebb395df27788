"""A GENIUS domain folder (or a domain file and profile files) as an Accord scenario.

The domain's issues become the points of one document; each profile becomes a negotiating party, named after
its file; its GENIUS utilities become weights and values (additive spaces) or terms (non-linear spaces), so
that every package's utility is the one GENIUS computes (``profiles.py``). What GENIUS has and a static
analysis does not use - discount factors, the discretisation of real issues, GENIUS's cap of utilities at
1 - is recorded as assumptions of the scenario, which every analysis lists.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from accord.model.errors import Problem, ScenarioError
from accord.model.genius.domain import Issue, objective_of, read_issues, to_id
from accord.model.genius.folder import DOMAIN_ROOT, PROFILE_ROOT, folder_files, names
from accord.model.genius.profiles import Profile, read_profile
from accord.model.genius.xml import Element, read_xml
from accord.model.scenario import FORMAT, Scenario


@dataclass(frozen=True)
class GeniusFolder:
    """A GENIUS folder read: its scenario, and the entries that were not a domain or profile file."""

    scenario: Scenario
    skipped: tuple[str, ...] = ()
    """Names of the folder's other entries (a ``pareto.xml`` of numbers, a README, a FIFO...), in order."""


def is_genius_folder(path: str | Path) -> bool:
    """Whether ``path`` is a folder (which the GENIUS importer then reads)."""
    return Path(path).is_dir()


def read_genius(
    folder: str | Path, *, real_step: float | None = None, rescale_weights: bool = False
) -> GeniusFolder:
    """The scenario of a GENIUS domain folder (one domain file, one utility-space file per party), and the
    names of the entries skipped.

    Files are told apart by their root element (``negotiation_template`` for the domain, ``utility_space``
    for a profile; ``folder.py``); any other entry is skipped. Party ids come from the profile file names.
    ``real_step`` discretises real issues (default: a tenth of each issue's range); ``rescale_weights``
    divides the issue weights of a profile outside GENIUS's tolerance by their sum, and says so in an
    assumption naming the party.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise ScenarioError([Problem(str(folder), 0, 0, "", "no such folder")])
    files = folder_files(folder)
    others = f" (not GENIUS files, skipped: {names(files.skipped)})" if files.skipped else ""
    if len(files.domains) != 1:
        found = ", ".join(path.name for path in files.domains) or "none"
        message = f"expected one domain file (<{DOMAIN_ROOT}>), found {found}{others}"
        raise ScenarioError([Problem(str(folder), 0, 0, "", message)])
    if not files.profiles:
        message = f"no profile (<{PROFILE_ROOT}> file) beside {files.domains[0].name}{others}"
        raise ScenarioError([Problem(str(folder), 0, 0, "", message)])
    options = _Options(real_step, rescale_weights)
    domain = files.domains[0]
    profiles = [(path, read_xml(path)) for path in files.profiles]
    scenario = _scenario((domain, read_xml(domain)), profiles, options, folder)
    return GeniusFolder(scenario, files.skipped)


def load_genius(
    folder: str | Path, *, real_step: float | None = None, rescale_weights: bool = False
) -> Scenario:
    """The scenario of a GENIUS domain folder (:func:`read_genius` without the names of skipped files)."""
    return read_genius(folder, real_step=real_step, rescale_weights=rescale_weights).scenario


def load_genius_files(
    domain: str | Path,
    profiles: Sequence[str | Path],
    *,
    real_step: float | None = None,
    rescale_weights: bool = False,
) -> Scenario:
    """The scenario of an explicitly named domain file and profile files."""
    domain_path = Path(domain)
    loaded = [(Path(p), read_xml(Path(p))) for p in profiles]
    options = _Options(real_step, rescale_weights)
    return _scenario((domain_path, read_xml(domain_path)), loaded, options, domain_path.parent)


@dataclass(frozen=True)
class _Options:
    """How to read: the step of real issues, and whether to rescale weights outside GENIUS's tolerance."""

    real_step: float | None
    rescale_weights: bool


def _scenario(
    domain: tuple[Path, Element],
    profiles: list[tuple[Path, Element]],
    options: _Options,
    where: Path,
) -> Scenario:
    domain_path, domain_root = domain
    if domain_root.tag not in (DOMAIN_ROOT, PROFILE_ROOT):
        domain_root.fail(f"expected a <{DOMAIN_ROOT}> root (a GENIUS domain)")
    if not profiles:
        raise ScenarioError(
            [Problem(str(where), 0, 0, "", f"no profile (<{PROFILE_ROOT}> file) beside {domain_path.name}")]
        )
    issues = read_issues(domain_root, options.real_step)
    read = [read_profile(root, issues, rescale_weights=options.rescale_weights) for _, root in profiles]
    taken_points: set[str] = set()
    ids = _Ids(
        points=[to_id(issue.name, taken_points, f"issue{issue.index}") for issue in issues],
        options=[_option_ids(issue) for issue in issues],
    )
    taken_parties: set[str] = set()
    party_ids = [to_id(path.stem, taken_parties, "party") for path, _ in profiles]
    assumptions = _assumptions(issues, ids.points, read, party_ids)
    title = objective_of(domain_root).attrib.get("name", "")
    data: dict[str, Any] = {
        "format": FORMAT,
        "title": f"GENIUS domain {domain_path.stem}" if title in ("", "root") else title,
        "description": f"Imported from the GENIUS domain {domain_path.name} and "
        f"{', '.join(path.name for path, _ in profiles)}.",
        "assumptions": [{"id": key, "text": text} for key, (text, _) in assumptions.items()],
        "parties": [
            {"id": pid, "name": path.stem} for pid, (path, _) in zip(party_ids, profiles, strict=True)
        ],
        "documents": [_document(domain_path, title or domain_path.stem, issues, ids)],
        "preferences": {
            pid: _preferences(profile, issues, ids, [k for k, (_, who) in assumptions.items() if pid in who])
            for pid, profile in zip(party_ids, read, strict=True)
        },
        "weights_sum": None,
    }
    return Scenario.model_validate(data)


@dataclass(frozen=True)
class _Ids:
    """The Accord ids of the domain's issues (points) and of their values (options)."""

    points: list[str]
    options: list[list[str]]


def _document(path: Path, title: str, issues: list[Issue], ids: _Ids) -> dict[str, Any]:
    return {
        "id": to_id(path.stem, set(), "domain"),
        "title": title,
        "points": [
            _point(issue, point, options, n)
            for n, (issue, point, options) in enumerate(zip(issues, ids.points, ids.options, strict=True))
        ],
    }


def _option_ids(issue: Issue) -> list[str]:
    taken: set[str] = set()
    if issue.kind == "discrete":
        return [to_id(label, taken, "item") for label in issue.labels]
    return [
        to_id(label.replace("-", "minus", 1) if label.startswith("-") else label, taken, "v")
        for label in issue.labels
    ]


def _point(issue: Issue, point_id: str, option_ids: list[str], n: int) -> dict[str, Any]:
    return {
        "id": point_id,
        "number": n + 1,
        "title": issue.name,
        "options": [{"id": o, "label": label} for o, label in zip(option_ids, issue.labels, strict=True)],
    }


def _preferences(profile: Profile, issues: list[Issue], ids: _Ids, assumptions: list[str]) -> dict[str, Any]:
    column = {issue.index: k for k, issue in enumerate(issues)}
    point_ids, option_ids = ids.points, ids.options
    result: dict[str, Any] = {
        "weights": {point_ids[column[i]]: w for i, w in profile.weights.items()},
        "values": {
            point_ids[column[i]]: dict(zip(option_ids[column[i]], values, strict=True))
            for i, values in profile.values.items()
        },
        "reservation": profile.reservation,
    }
    if profile.terms:
        result["terms"] = [
            {
                "weight": weight,
                "when": {
                    point_ids[column[i]]: [option_ids[column[i]][o] for o in admitted]
                    for i, admitted in when.items()
                },
            }
            for weight, when in profile.terms
        ]
    if profile.discount is not None:
        result["discount_factor"] = profile.discount
    if assumptions:
        result["assumptions"] = assumptions
    return result


def _assumptions(
    issues: list[Issue], point_ids: list[str], profiles: list[Profile], party_ids: list[str]
) -> dict[str, tuple[str, list[str]]]:
    """What the import rests on, each with the parties it concerns: ``{id: (text, parties)}``."""
    result: dict[str, tuple[str, list[str]]] = {}
    discounted = [
        pid for pid, p in zip(party_ids, profiles, strict=True) if p.discount is not None and p.discount < 1
    ]
    if discounted:
        result["genius-discount"] = (
            "GENIUS discount factors are kept as data (discount_factor): the static analysis ignores them "
            "and compares undiscounted utilities; simulations and tournaments score by the discounted "
            "utility u * d^t (t the share of the deadline used), as ANAC does.",
            discounted,
        )
    for issue, point_id in zip(issues, point_ids, strict=True):
        if issue.kind == "real":
            result[f"genius-real-{point_id}"[:64]] = (
                f"The real issue '{issue.name}' [{issue.lower:g}, {issue.upper:g}] is discretised with step "
                f"{issue.step:g}: {len(issue.numbers)} values.",
                list(party_ids),
            )
    for n, (pid, profile) in enumerate(zip(party_ids, profiles, strict=True)):
        for m, note in enumerate(profile.notes):
            result[f"genius-note-{n + 1}-{m + 1}"] = (f"{pid}: {note}.", [pid])
    return result
