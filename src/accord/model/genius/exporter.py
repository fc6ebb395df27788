"""An Accord scenario as a GENIUS domain folder: a domain file and one utility-space file per party.

Importing what this writes gives back the same utility for every package. Points whose options are the
consecutive whole numbers become integer issues, the others discrete issues (option labels as item values).
A party with no terms gets a linear additive space: a discrete issue's items carry its values divided by the
largest (written at full precision, so GENIUS's division by the largest gives them back), an integer issue a
linear evaluator when one reproduces its values exactly. A party with terms, or whose values on an integer
issue no linear evaluator reproduces, gets a non-linear space (``maxutility`` 1): one hyper-rectangle per
term - several when a term admits options that are not one run of values - and one per option of its
additive part. What GENIUS cannot hold (red lines, partial agreements, agreement rules, roles, uncertainty)
is left out, and the returned notes say so.
"""

from __future__ import annotations

import itertools
import math
import xml.etree.ElementTree as ET
from pathlib import Path

from accord.model.documents import Point
from accord.model.errors import AccordError
from accord.model.genius.evaluators import evaluate
from accord.model.genius.profiles import WEIGHTS_RANGE
from accord.model.genius.xml import Element
from accord.model.preferences import Preferences
from accord.model.scenario import Scenario


def save_genius(scenario: Scenario, folder: str | Path) -> list[str]:
    """Write ``scenario`` as a GENIUS domain folder; return notes on what GENIUS could not hold."""
    folder = Path(folder)
    parties = [party.id for party in scenario.parties if party.id in scenario.preferences]
    if not parties:
        raise AccordError("no party has preferences: there is no GENIUS profile to write")
    points = scenario.points
    integers = [_as_integers(scenario, point, parties) for point in points]
    notes = _dropped(scenario)
    domain_name = _free_name("domain", set(parties))
    folder.mkdir(parents=True, exist_ok=True)
    issues = _issue_elements(points, integers)
    template = ET.Element("negotiation_template")
    space = ET.SubElement(template, "utility_space", number_of_issues=str(len(points)))
    objective = _objective(space, scenario.title)
    objective.extend(issues)
    _write(template, folder / f"{domain_name}.xml")
    for party in parties:
        profile, party_notes = _profile(scenario, party, points, integers)
        notes += [f"{party}: {note}" for note in party_notes]
        _write(profile, folder / f"{party}.xml")
    return notes


def _free_name(name: str, taken: set[str]) -> str:
    while name in taken:
        name = f"{name}_"
    return name


def _integer_labels(point: Point) -> list[int] | None:
    """The whole numbers a point's option labels are, when they count up by one; None otherwise."""
    try:
        numbers = [int(option.label) for option in point.options]
    except ValueError:
        return None
    if any(str(n) != option.label for n, option in zip(numbers, point.options, strict=True)):
        return None
    if numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        return None
    return numbers


def _as_integers(scenario: Scenario, point: Point, parties: list[str]) -> list[int] | None:
    """The whole numbers of a point written as an integer issue, or None for a discrete issue: integer when
    its labels count up by one and a term bounds it or every party's values have a linear evaluator."""
    numbers = _integer_labels(point)
    if numbers is None:
        return None
    prefs = [scenario.preferences[party] for party in parties]
    if any(point.id in term.when for party in prefs for term in party.terms):
        return numbers
    for party in prefs:
        values = [party.values.get(point.id, {}).get(o, 0.0) for o in point.option_ids()]
        largest = max(values)
        if largest > 0 and _linear_fit([v / largest for v in values]) is None:
            return None
    return numbers


def _objective(parent: ET.Element, title: str) -> ET.Element:
    attributes = {"index": "0", "description": "", "name": title, "type": "objective", "etype": "objective"}
    return ET.SubElement(parent, "objective", attributes)


def _issue_elements(points: tuple[Point, ...], integers: list[list[int] | None]) -> list[ET.Element]:
    titles = [point.title for point in points]
    unique = len(set(titles)) == len(titles)
    elements = []
    for k, (point, numbers) in enumerate(zip(points, integers, strict=True)):
        name = point.title if unique else point.id
        kind = "discrete" if numbers is None else "integer"
        issue = ET.Element("issue", index=str(k + 1), name=name, type=kind, etype=kind, vtype=kind)
        if numbers is None:
            for o, value in enumerate(_item_values(point)):
                ET.SubElement(issue, "item", index=str(o + 1), value=value)
        else:
            issue.set("lowerbound", str(numbers[0]))
            issue.set("upperbound", str(numbers[-1]))
        elements.append(issue)
    return elements


def _item_values(point: Point) -> list[str]:
    labels = [option.label for option in point.options]
    return labels if len(set(labels)) == len(labels) else list(point.option_ids())


def _profile(
    scenario: Scenario, party: str, points: tuple[Point, ...], integers: list[list[int] | None]
) -> tuple[ET.Element, list[str]]:
    prefs = scenario.preferences[party]
    root = ET.Element("utility_space")
    objective = _objective(root, scenario.title)
    notes: list[str] = []
    additive = None if prefs.terms else _additive(prefs, points, integers)
    if additive is None:
        objective.extend(_issue_elements(points, integers))
        root.set("type", "nonlinear")
        _nonlinear(objective, prefs, points, integers, party)
        scale = 1.0
    else:
        issues, weights, scale = additive
        objective.extend(issues)
        objective.extend(weights)
        if scale != 1.0:
            notes.append(f"utilities divided by {scale:.12g} so that GENIUS issue weights sum to 1")
    if prefs.discount_factor is not None:
        ET.SubElement(root, "discount_factor", value=repr(prefs.discount_factor))
    ET.SubElement(root, "reservation", value=repr(prefs.reservation / scale))
    return root, notes


def _additive(
    prefs: Preferences, points: tuple[Point, ...], integers: list[list[int] | None]
) -> tuple[list[ET.Element], list[ET.Element], float] | None:
    """Issue elements, weight elements and the rescaling of a linear additive space; None if an integer
    issue's values have no exact linear evaluator."""
    raw: list[float] = []
    evaluations: list[list[float]] = []
    for point in points:
        values = [prefs.values.get(point.id, {}).get(o, 0.0) for o in point.option_ids()]
        largest = max(values)
        evaluations.append([v / largest for v in values] if largest > 0 else [0.0] * len(values))
        raw.append(prefs.weights.get(point.id, 0.0) * (largest if largest > 0 else 1.0))
    total = math.fsum(raw)
    low, high = WEIGHTS_RANGE
    scale = 1.0 if low <= total <= high or total == 0 else total
    if total == 0:
        # Every utility is 0: GENIUS still wants weights that sum to 1, so the evaluations carry the zeros.
        raw = [1.0 / len(points)] * len(points)
        evaluations = [[0.0] * len(point.options) for point in points]
    issues = _issue_elements(points, integers)
    for issue, numbers, row in zip(issues, integers, evaluations, strict=True):
        if numbers is None:
            for item, evaluation in zip(issue.findall("item"), row, strict=True):
                item.set("evaluation", repr(evaluation))
            continue
        fit = _linear_fit(row)
        if fit is None:
            return None
        ET.SubElement(issue, "evaluator", ftype="linear", slope=repr(fit[1]), offset=repr(fit[0]))
    weights = [ET.Element("weight", index=str(k + 1), value=repr(w / scale)) for k, w in enumerate(raw)]
    return issues, weights, scale


def _linear_fit(evaluations: list[float]) -> tuple[float, float] | None:
    """An offset and slope whose GENIUS integer evaluator gives exactly ``evaluations``, if one is found: the
    slope through the ends or the first step, or one a few units in the last place away from them."""
    n = len(evaluations)
    offset = evaluations[0]
    steps = [float(i) for i in range(n)]
    evaluator = Element("evaluator", {"ftype": "linear", "offset": repr(offset)}, "", 0, 0)
    for base in dict.fromkeys(
        [(evaluations[-1] - offset) / max(n - 1, 1), evaluations[min(1, n - 1)] - offset]
    ):
        up = down = base
        for _ in range(9):
            for slope in (up, down):
                evaluator.attrib["slope"] = repr(slope)
                if evaluate(evaluator, steps, 0.0, n - 1.0) == evaluations:
                    return offset, slope
            up, down = math.nextafter(up, math.inf), math.nextafter(down, -math.inf)
    return None


def _nonlinear(
    objective: ET.Element,
    prefs: Preferences,
    points: tuple[Point, ...],
    integers: list[list[int] | None],
    party: str,
) -> None:
    utility = ET.SubElement(objective, "utility", maxutility="1")
    ufun = ET.SubElement(utility, "ufun", type="PlainUfun", weight="1", aggregation="sum")
    column = {point.id: k for k, point in enumerate(points)}
    for term in prefs.terms:
        runs_by_point = []
        for point_id, option_ids in term.when.items():
            k = column[point_id]
            numbers = _needs_integers(integers[k], points[k], party)
            admitted = [o for o, option in enumerate(points[k].option_ids()) if option in option_ids]
            runs_by_point.append([(k, numbers[run[0]], numbers[run[-1]]) for run in _runs(admitted)])
        for box in itertools.product(*runs_by_point):
            _rectangle(ufun, term.weight, box)
    for point in points:
        weight = prefs.weights.get(point.id, 0.0)
        for o, option in enumerate(point.option_ids()):
            contribution = weight * prefs.values.get(point.id, {}).get(option, 0.0)
            if contribution > 0:
                k = column[point.id]
                value = _needs_integers(integers[k], point, party)[o]
                _rectangle(ufun, contribution, [(k, value, value)])


def _needs_integers(numbers: list[int] | None, point: Point, party: str) -> list[int]:
    if numbers is None:
        raise AccordError(
            f"cannot write party '{party}' as GENIUS: its utility needs a non-linear space, whose "
            f"hyper-rectangles bound integer issues, and point '{point.id}' has options that are not "
            "consecutive whole numbers"
        )
    return numbers


def _runs(positions: list[int]) -> list[list[int]]:
    """Consecutive runs of sorted positions: [0, 1, 3] -> [[0, 1], [3]]."""
    runs: list[list[int]] = []
    for position in positions:
        if runs and runs[-1][-1] == position - 1:
            runs[-1].append(position)
        else:
            runs.append([position])
    return runs


def _rectangle(
    ufun: ET.Element, utility: float, box: list[tuple[int, int, int]] | tuple[tuple[int, int, int], ...]
) -> None:
    rectangle = ET.SubElement(ufun, "hyperRectangle", utility=repr(utility))
    for k, low, high in box:
        ET.SubElement(rectangle, "INCLUDES", index=str(k + 1), min=str(low), max=str(high))


def _dropped(scenario: Scenario) -> list[str]:
    """What a GENIUS folder cannot hold, said once each."""
    notes = []
    if any(prefs.red_lines for prefs in scenario.preferences.values()):
        notes.append("red lines are left out (GENIUS has none)")
    if scenario.agreements:
        notes.append("partial agreements are left out")
    if scenario.agreement.rule.value != "unanimity" or scenario.agreement.veto:
        notes.append("the agreement rule is left out (GENIUS negotiations need every party)")
    if any(prefs.uncertainty for prefs in scenario.preferences.values()):
        notes.append("uncertainty ranges are left out")
    others = [p for p in scenario.preferences if p not in scenario.voters]
    if others:
        notes.append(f"non-voting parties with preferences become GENIUS parties: {', '.join(others)}")
    return notes


def _write(root: ET.Element, path: Path) -> None:
    ET.indent(root)
    partial = path.with_name(f".{path.name}.partial")
    ET.ElementTree(root).write(partial, encoding="utf-8", xml_declaration=True)
    partial.replace(path)
