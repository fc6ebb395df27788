"""Cross-check on every GENIUS domain folder: Accord's utilities equal GENIUS's, evaluated here straight from
the XML, and Accord's frontier is exactly the non-dominated set of every package (up to 2 million packages);
on the ANAC 2014 folders that ship GENIUS's own reference frontier (``pareto.xml``), Accord's frontier matches
or beats every reference point.

The evaluation below is written from GENIUS's source (``AdditiveUtilitySpace.getUtility``,
``EvaluatorDiscrete.normalize``, ``EvaluatorInteger`` and ``EvaluatorReal``, ``NonlinearUtilitySpace`` with
``InclusiveHyperRectangle``) and shares no code with the importer: files are told apart by parsing each with
ElementTree. GENIUS caps a utility above 1 at 1; Accord keeps the sum (and says so), so the evaluation here is
uncapped. Real issues take the values Accord documents (``docs/genius.md``): a tenth of the range apart.

Run it on other domains with ``ACCORD_GENIUS_DATA=FOLDER`` (one folder per collection, one per domain).
Utilities are compared within 1e-12, so that a representation of ties on a decimal grid passes.
"""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import numpy as np
import pytest
from numpy.typing import NDArray

from accord.analysis.analyze import analyze
from accord.analysis.frontier import product_frontier
from accord.analysis.space import blocks
from accord.model.compiled import compile_scenario
from accord.model.errors import ScenarioError
from accord.model.genius import load_genius
from tests.genius_data import domain_folders, name, needs_data

FloatArray = NDArray[np.float64]
TIES = 1e-12
"""Utilities this close are one utility (decimal ties on a binary grid differ by about 1e-16)."""
ENUMERATED = 2_000_000
"""Largest space checked package by package."""
SLOW = 50_000
POINTS = 200
"""Frontier points asked of the optimisation engine on ANAC 2014 (their frontiers have 10 to about 60)."""


class Domain:
    """A GENIUS folder read here: the domain's issues (each with its values) and each profile's root."""

    def __init__(self, folder: Path) -> None:
        roots = {}
        for path in sorted(folder.iterdir()):
            root = _parse(path)
            if root is not None and root.tag in ("negotiation_template", "utility_space"):
                roots[path.stem] = root
            elif root is None and path.is_file() and b"<utility_space" in path.read_bytes()[:4096]:
                raise ValueError(f"{path.name} is a profile ElementTree cannot read")
        (self.root,) = (r for r in roots.values() if r.tag == "negotiation_template")
        self.profiles = {stem: r for stem, r in roots.items() if r.tag == "utility_space"}
        self.issues = list(self.root.iter("issue"))
        self.values = [_values(issue) for issue in self.issues]

    @property
    def size(self) -> int:
        return math.prod(len(v) for v in self.values)

    def utilities(self, digits: NDArray[np.int32]) -> dict[str, FloatArray]:
        """Each profile's utility of the packages ``digits`` ((issues, n) value positions), uncapped; a
        profile whose weights fall outside GENIUS's tolerance divided by their sum (``--rescale-weights``,
        which leaves every frontier as it is). ``KeyError`` for a profile GENIUS cannot evaluate."""
        return {
            stem: self._utility(root, digits) / (self.rescaled(root) or 1.0)
            for stem, root in self.profiles.items()
        }

    def rescaled(self, root: ET.Element) -> float | None:
        """The sum of an additive profile's issue weights when it falls outside 0.98 to 1.02, else None."""
        if root.get("type", "").lower() == "nonlinear":
            return None
        issues = {i.get("index") for i in self.issues}
        total = sum(float(w.get("value", "0")) for w in root.iter("weight") if w.get("index") in issues)
        return None if 0.98 <= total <= 1.02 else total

    def _utility(self, root: ET.Element, digits: NDArray[np.int32]) -> FloatArray:
        if root.get("type", "").lower() == "nonlinear":
            return self._nonlinear(root, digits)
        weights = {int(w.get("index", "-1")): float(w.get("value", "0")) for w in root.iter("weight")}
        total = np.zeros(digits.shape[1])
        mine = {int(i.get("index", "-1")): i for i in root.iter("issue")}
        for k, issue in enumerate(self.issues):
            index = int(issue.get("index", "-1"))
            table = _evaluations(issue, mine[index], self.values[k])
            total += weights[index] * table[digits[k]]
        return total

    def _nonlinear(self, root: ET.Element, digits: NDArray[np.int32]) -> FloatArray:
        utility = root.find("objective/utility")
        assert utility is not None
        maximum = float(utility.get("maxutility", "1"))
        position = {int(i.get("index", "-1")): k for k, i in enumerate(self.issues)}
        total = np.zeros(digits.shape[1])
        for ufun, scale in _ufuns(utility, 1.0):
            for rectangle in ufun.findall("hyperRectangle"):
                inside = np.ones(digits.shape[1], dtype=bool)
                for bound in rectangle.findall("INCLUDES"):
                    k = position[int(bound.get("index", "-1"))]
                    x = np.asarray(self.values[k])[digits[k]]
                    inside &= (float(bound.get("min", "0")) <= x) & (x <= float(bound.get("max", "0")))
                weight = float(rectangle.get("utility", "0")) * float(rectangle.get("weight", "1")) * scale
                total += np.where(inside, weight, 0.0)
        return total / maximum


def _parse(path: Path) -> ET.Element | None:
    """The root of an XML file, or None. What GENIUS's own lenient parser reads in the files it ships is
    mended first: an XML declaration after a leading comment is dropped, a bare ``&`` escaped, attributes
    written together separated, and a file that is not UTF-8 read as Windows-1252."""
    if not path.is_file():
        return None
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    text = re.sub(r"\A(\s*(?:<!--.*?-->\s*)+)<\?xml[^>]*\?>", r"\1", text, flags=re.S)
    text = re.sub(r"&(?!(?:\w+|#\d+|#x[0-9a-fA-F]+);)", "&amp;", text)
    text = re.sub(r'("[^"<>]*")(?=\w+=)', r"\1 ", text)
    try:
        return ET.fromstring(text)
    except ET.ParseError:
        return None


def _values(issue: ET.Element) -> list[float] | list[str]:
    """The values of a domain issue: item names, whole numbers, or a real range cut in ten steps."""
    kind = issue.get("type", issue.get("etype", "discrete")).lower()
    if kind == "discrete":
        return [item.get("value", "") for item in issue.findall("item")]
    holder = issue if "lowerbound" in issue.attrib else issue.find("range")
    assert holder is not None
    low, high = float(holder.get("lowerbound", "0")), float(holder.get("upperbound", "0"))
    if kind == "integer":
        return [float(x) for x in range(int(low), int(high) + 1)]
    step = (high - low) / 10 or 1.0
    return [low + i * step for i in range(11)] if high > low else [low]


def _evaluations(domain_issue: ET.Element, issue: ET.Element, values: list[float] | list[str]) -> FloatArray:
    """The evaluation of each value of one issue (domain order) by one profile."""
    if issue.get("type", issue.get("etype", "discrete")).lower() == "discrete":
        # Direct children only (GENIUS's getChildByTagName): Car's profiles nest similarity items too.
        given = {item.get("value", ""): float(item.attrib["evaluation"]) for item in issue.findall("item")}
        top = max(given.values())
        # A discrete issue's values are its item names (as _values reads them).
        return np.array([0.0 if top < 0.00001 else given[str(v)] / top for v in values])
    evaluator = issue.find("evaluator")
    if evaluator is None:
        return np.zeros(len(values))
    kind = evaluator.get("ftype", "").lower()
    x = np.asarray(values, dtype=np.float64)
    if kind == "linear" and ("slope" in evaluator.attrib or "offset" in evaluator.attrib):
        holder = issue if "lowerbound" in issue.attrib else issue.find("range")
        assert holder is not None
        low = float(holder.get("lowerbound", "0"))
        raw = float(evaluator.get("offset", "0")) + float(evaluator.get("slope", "0")) * (x - low)
    elif kind == "linear":
        raw = float(evaluator.get("parameter1", "0")) * x + float(evaluator.get("parameter0", "0"))
    elif kind == "constant":
        return np.full(len(values), float(evaluator.get("parameter0", "0")))
    elif kind == "triangular":
        low, high, top = (float(evaluator.get(f"parameter{i}", "0")) for i in range(3))
        rising = np.where(x < top, (x - low) / (top - low), 1 - (x - top) / (high - top))
        raw = np.where((x < low) | (x >= high), 0.0, rising)
    else:
        assert kind == "faratin", kind
        raw = np.ones(len(values))  # GENIUS's formula always exceeds 1 (docs/genius.md)
    return np.clip(raw, 0.0, 1.0)


def _ufuns(element: ET.Element, scale: float) -> list[tuple[ET.Element, float]]:
    """Every ``ufun`` under ``element``, nested ones included, with the product of the weights around it."""
    found = []
    for ufun in element.findall("ufun"):
        inner = scale * float(ufun.get("weight", "1"))
        found.append((ufun, inner))
        found.extend(_ufuns(ufun, inner))
    return found


def size_of(folder: Path) -> int | None:
    """The number of packages of a domain folder, or None when it is not one domain with its profiles as
    ElementTree reads them (several domains, broken XML: the importer refuses those with a message)."""
    try:
        domain = Domain(folder)
    except ValueError:
        return None
    return domain.size if domain.profiles else None


def cases() -> list[object]:
    params: list[object] = []
    for folder in domain_folders():
        size = size_of(folder)
        if size is None:
            skip = pytest.mark.skip(reason="not one GENIUS domain with profiles")
            params.append(pytest.param(folder, id=name(folder), marks=[skip]))
        elif size <= ENUMERATED:
            marks = [pytest.mark.slow] if size > SLOW else []
            params.append(pytest.param(folder, id=name(folder), marks=marks))
    return params


@needs_data
@pytest.mark.parametrize("folder", cases())
def test_utilities_are_genius_utilities_and_the_frontier_is_the_nondominated_set(folder: Path) -> None:
    domain = Domain(folder)
    digits = np.indices([len(v) for v in domain.values], dtype=np.int32).reshape(len(domain.values), -1)
    try:
        theirs = domain.utilities(digits)
    except KeyError:
        with pytest.raises(ScenarioError, match="has no evaluation"):
            load_genius(folder)
        pytest.skip("a profile without evaluations, which GENIUS cannot evaluate (Accord refuses it)")
    rescale = any(domain.rescaled(root) for root in domain.profiles.values())
    scenario = load_genius(folder, rescale_weights=rescale)
    compiled = compile_scenario(scenario)
    every = np.stack([theirs[scenario.party(party).name] for party in compiled.parties], axis=1)
    ours = compiled.to_utilities(np.concatenate([part.units for part in blocks(compiled)], axis=1)).T
    assert np.max(np.abs(ours - every)) <= TIES
    for p, party in enumerate(compiled.parties):
        if every[:, p].max() > 1 + TIES:
            assert any("caps a utility" in a.text and party in a.text for a in scenario.assumptions)
    frontier = product_frontier(compiled)
    numbers = np.ravel_multi_index(frontier.choices.T, [len(v) for v in domain.values])
    assert np.max(np.abs(every[numbers] - frontier.utilities)) <= TIES
    vectors = np.unique(every, axis=0)
    try:
        assert_nondominated_set(vectors, frontier.utilities, ties=TIES)
    except AssertionError:
        # Until ties that are ties in decimal arithmetic are ties in every engine (issue 10, section 1),
        # some members are dominated only by a package that ties on the other parties up to about 1e-16;
        # the frontier is then still the non-dominated set of Accord's own (rounded) utilities.
        assert_nondominated_set(np.unique(ours, axis=0), frontier.utilities, ties=0.0)
        pytest.xfail("decimal ties are broken by binary rounding (issue 10, section 1)")


def assert_nondominated_set(every: FloatArray, front: FloatArray, ties: float) -> None:
    """``front`` is the non-dominated set of ``every`` with utilities ``ties`` apart counted as equal: no two
    members tie, no vector dominates a member, and every vector is matched or dominated by a member.

    A vector no greater than some member cannot dominate another member without that member dominating it
    too; so once no member dominates another, only the vectors above every member need comparing with them.
    """
    for part in _chunks(front, front):
        close = np.all(np.abs(part[:, None, :] - front[None, :, :]) <= ties, axis=2)
        assert close.sum() == len(part), "two frontier members tie"
        assert not _dominates(part, front, ties).any(), "a frontier member dominates another"
    assert not len(_unmatched(every, front, ties)), "a package is neither on the frontier nor dominated"
    above = _unmatched(every, front, 0.0)
    assert not _dominates(above, front, ties).any(), "a package dominates a frontier member"


def _chunks(rows: FloatArray, front: FloatArray) -> list[FloatArray]:
    """``rows`` in pieces small enough to compare with every member at once (about 32 MB a comparison)."""
    size = max(1, 2**22 // max(1, front.size))
    return [rows[start : start + size] for start in range(0, len(rows), size)]


def _dominates(rows: FloatArray, front: FloatArray, ties: float) -> NDArray[np.bool_]:
    """Which (row, member) pairs have the row dominating the member, with ``ties`` counted as equal."""
    at_least = np.all(rows[:, None, :] >= front[None, :, :] - ties, axis=2)
    better = np.any(rows[:, None, :] > front[None, :, :] + ties, axis=2)
    dominated: NDArray[np.bool_] = at_least & better
    return dominated


def _unmatched(rows: FloatArray, front: FloatArray, ties: float) -> FloatArray:
    """The rows that no member matches or beats (within ``ties``): checked against every 256th member, then
    every 16th, then all, since most packages fall below many members."""
    for step in (256, 16, 1):
        members = front[::step]
        kept = [
            part[~np.all(members[None, :, :] >= part[:, None, :] - ties, axis=2).any(axis=1)]
            for part in _chunks(rows, members)
        ]
        rows = np.concatenate(kept) if kept else rows
    return rows


def reference_cases() -> list[object]:
    """The folders with a reference frontier; each takes the optimisation engine seconds to a few minutes."""
    return [
        pytest.param(folder, id=name(folder), marks=[pytest.mark.slow])
        for folder in domain_folders()
        if (folder / "pareto.xml").is_file()
    ]


@needs_data
@pytest.mark.parametrize("folder", reference_cases())
def test_every_point_of_geniuss_reference_frontier_is_matched_or_beaten(folder: Path) -> None:
    """``pareto.xml``: one line per point, the utility of each profile (in file order), as Java floats."""
    rows = [line for line in (folder / "pareto.xml").read_text("utf-8").splitlines() if line.strip()]
    reference = np.array([[float(x) for x in row.split(",")] for row in rows])
    scenario = load_genius(folder)
    result = analyze(scenario, engine="optimization", frontier_points=POINTS)
    ours = result.space_frontier.utilities
    # The reference is printed as 32-bit floats (0.67824775 for 449/662): compare at that precision.
    matched = np.all(ours.astype(np.float32)[None, :, :] >= reference.astype(np.float32)[:, None, :], axis=2)
    missed = reference[~matched.any(axis=1)]
    assert not len(missed), f"reference points no Accord frontier point matches or beats: {missed.tolist()}"
