"""A GENIUS utility space (a party's profile), read with GENIUS's own semantics.

Linear additive spaces (``AdditiveUtilitySpace``): ``u = sum over issues of weight * evaluation``. A discrete
issue's evaluation is the item's ``evaluation`` divided by the issue's largest one (``EvaluatorDiscrete``;
0 for every item when that largest is below 1e-5); integer and real issues use an evaluator
(``evaluators.py``). Issue weights are used as written; GENIUS's editor accepts weights summing to 0.98-1.02
(``checkTreeNormalization``), and so does the importer. Non-linear spaces (``NonlinearUtilitySpace``,
ANAC 2014): ``u = (sum of the utilities of the hyper-rectangles that contain the bid) / maxutility``, each
rectangle's utility times its ``weight`` and those of the ``ufun`` elements around it; a rectangle contains a
bid when every ``INCLUDES index min max`` bound holds. The reservation value is in utility units and is not
rescaled; a discount factor outside (0, 1], or not a number, means no discount, as in GENIUS.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field

from accord.model.genius.domain import Issue, bounds, issue_kind, objective_of
from accord.model.genius.evaluators import evaluate, is_degenerate
from accord.model.genius.xml import Element, shown

WEIGHTS_RANGE = (0.98, 1.02)
"""Issue weights GENIUS's editor accepts as normalised (``AdditiveUtilitySpace.checkTreeNormalization``)."""

SMALLEST_MAXIMUM = 0.00001
"""Below this largest evaluation, GENIUS evaluates every item of a discrete issue as 0."""

MAX_ADMITTED = 5_000_000
"""Most admitted values a non-linear profile's terms may list in all (the ANAC 2014 ones list a few
thousand): each is held in memory."""

TermSpec = tuple[float, dict[int, tuple[int, ...]]]
"""A term: its weight, and the admitted option positions of each issue index it constrains."""


@dataclass
class Profile:
    """What a utility-space file says about one party, in terms of the domain's issues."""

    weights: dict[int, float] = field(default_factory=dict)
    values: dict[int, list[float]] = field(default_factory=dict)
    terms: list[TermSpec] = field(default_factory=list)
    reservation: float = 0.0
    discount: float | None = None
    notes: list[str] = field(default_factory=list)
    admitted: int = 0
    """Values admitted by the terms so far, summed over terms and issues (bounded by ``MAX_ADMITTED``)."""

    @property
    def best(self) -> float:
        """The largest additive utility (the weighted best evaluation of each issue)."""
        return sum(w * max(self.values.get(i, [0.0])) for i, w in self.weights.items())


def read_profile(root: Element, issues: list[Issue], *, rescale_weights: bool = False) -> Profile:
    """A party's profile from a ``utility_space`` root, checked against the domain's ``issues``.

    Issue weights outside GENIUS's tolerance are refused, or with ``rescale_weights`` divided by their sum
    (a note of the profile says so)."""
    if root.tag != "utility_space":
        root.fail("expected a <utility_space> root (a GENIUS profile)")
    by_index = {issue.index: issue for issue in issues}
    profile = Profile()
    _reservation_and_discount(root, profile)
    for element in objective_of(root).iter("issue"):
        _check_issue(element, by_index)
    if root.attrib.get("type", "").lower() == "nonlinear":
        _read_nonlinear(root, by_index, profile)
    else:
        _read_additive(root, issues, profile)
        _check_weights(objective_of(root), profile, rescale_weights)
    return profile


def _reservation_and_discount(root: Element, profile: Profile) -> None:
    reservation = root.find("reservation")
    if reservation is not None:
        profile.reservation = reservation.number("value")
        if profile.reservation < 0:
            reservation.fail("a reservation value below 0 is not supported")
    discount = root.find("discount_factor")
    if discount is not None:
        raw = discount.text("value")
        try:
            value = float(raw)
        except ValueError:  # GENIUS catches the parse error and applies no discount
            profile.notes.append(f"discount factor {shown(raw)!r} is not a number: no discount, as in GENIUS")
            return
        if 0 < value <= 1:
            profile.discount = value
        else:
            profile.notes.append(f"discount factor {value:g} is outside (0, 1]: no discount, as in GENIUS")


def _check_issue(element: Element, by_index: dict[int, Issue]) -> Issue:
    """The domain issue a profile's ``<issue>`` stands for; a profile of another domain fails here."""
    index = element.integer("index")
    issue = by_index.get(index)
    name = element.text("name")
    if issue is None:
        element.fail(f"the domain has no issue with index {index}: is this a profile of another domain?")
    if name != issue.name:
        element.fail(
            f"the domain's issue {index} is '{issue.name}', not '{name}': a profile of another domain?"
        )
    if issue_kind(element) != issue.kind:
        element.fail(f"issue '{name}' is {issue.kind} in the domain, {issue_kind(element)} here")
    return issue


def _read_additive(root: Element, issues: list[Issue], profile: Profile) -> None:
    objective = objective_of(root)
    by_index = {issue.index: issue for issue in issues}
    for parent in objective.iter("objective"):
        weights = {w.integer("index"): w for w in parent.find_all("weight")}
        for element in parent.find_all("issue"):
            issue = by_index[element.integer("index")]
            weight = weights.get(issue.index)
            if weight is None:
                element.fail(f"no <weight> for issue '{issue.name}' (index {issue.index})")
            value = weight.number("value")
            if not 0 <= value <= 1:
                weight.fail(f"an issue weight should be from 0 to 1, found {value:g}")
            profile.weights[issue.index] = value
            profile.values[issue.index] = _evaluations(element, issue, profile)
    missing = [issue for issue in issues if issue.index not in profile.weights]
    if missing:
        names = ", ".join(f"'{issue.name}'" for issue in missing)
        objective.fail(f"no evaluator for issue {names}: GENIUS cannot evaluate a bid without one")


def _check_weights(objective: Element, profile: Profile, rescale: bool) -> None:
    """Weights within GENIUS's tolerance stay as written; others are refused, or divided by their sum."""
    total = sum(profile.weights.values())
    low, high = WEIGHTS_RANGE
    if low <= total <= high:
        if total > 1:
            profile.notes.append(
                f"issue weights sum to {total:.12g}: GENIUS caps a utility above 1 at 1, Accord keeps the sum"
            )
        return
    if not rescale or total == 0:
        way_out = "; --rescale-weights (rescale_weights=True in Python) divides them by their sum"
        objective.fail(
            f"issue weights sum to {total:.6g}; they must sum to 1 (GENIUS accepts {low} to {high})"
            f"{way_out if total else ''}"
        )
    profile.weights = {index: weight / total for index, weight in profile.weights.items()}
    profile.notes.append(
        f"issue weights sum to {total:.6g}, outside GENIUS's {low} to {high}: divided by their sum "
        "(--rescale-weights)"
    )


def _evaluations(element: Element, issue: Issue, profile: Profile) -> list[float]:
    """The evaluation of each option of an issue, as GENIUS computes it."""
    if issue.kind != "discrete":
        lower, upper = bounds(element) if issue.kind == "integer" else (issue.lower, issue.upper)
        evaluator = element.find("evaluator")
        if is_degenerate(evaluator):
            profile.notes.append(f"issue '{issue.name}': GENIUS's faratin formula evaluates every value as 1")
        return evaluate(evaluator, issue.numbers, lower, upper)
    given: dict[str, float] = {}
    known = set(issue.labels)
    for item in element.find_all("item"):
        label = item.text("value")
        if label not in known:
            item.fail(f"evaluation for an unknown item: issue '{issue.name}' has no item '{shown(label)}'")
        raw = item.attrib.get("evaluation")
        if raw is None or raw == "null":
            item.fail(f"item '{shown(label)}' has no evaluation")
        given[label] = item.number("evaluation")
        if given[label] < 0:
            item.fail(f"an evaluation should be 0 or more, found {given[label]:g}")
    missing = [label for label in issue.labels if label not in given]
    if missing:
        element.fail(f"no evaluation for item '{shown(missing[0])}' of issue '{issue.name}'")
    largest = max(given.values())
    if largest < SMALLEST_MAXIMUM:
        return [0.0 for _ in issue.labels]
    return [given[label] / largest for label in issue.labels]


def _read_nonlinear(root: Element, by_index: dict[int, Issue], profile: Profile) -> None:
    utility = objective_of(root).find("utility")
    if utility is None:
        root.fail("a non-linear utility space needs a <utility> element in its objective")
    maximum = utility.number("maxutility", 1.0)
    if not maximum > 0:
        utility.fail(f"maxutility should be positive, found {maximum:g}")
    ufuns = utility.find_all("ufun")
    if not ufuns:
        utility.fail("no <ufun> element")
    for ufun in ufuns:
        _read_ufun(ufun, 1.0, maximum, by_index, profile)


def _read_ufun(
    ufun: Element, scale: float, maximum: float, by_index: dict[int, Issue], profile: Profile
) -> None:
    """The hyper-rectangles of a ``ufun`` (and of the ones nested in it), each times ``scale`` (the weights of
    the enclosing ``ufun`` elements) and divided by ``maximum``."""
    aggregation = ufun.attrib.get("aggregation", "sum").lower()
    if aggregation != "sum":
        ufun.fail(f"aggregation '{aggregation}' is not supported (GENIUS's ANAC domains use 'sum')")
    scale *= ufun.number("weight", 1.0)
    for rectangle in ufun.find_all("hyperRectangle"):
        if rectangle.find("EXCLUDES") is not None:
            rectangle.fail("EXCLUDES hyper-rectangles are not supported")
        weight = rectangle.number("utility") * rectangle.number("weight", 1.0) * scale / maximum
        if not math.isfinite(weight):
            rectangle.fail("the hyper-rectangle's utility overflows (is not a finite number)")
        if weight < 0:
            rectangle.fail(f"a negative hyper-rectangle utility ({weight:g}) is not supported")
        when = _admitted(rectangle, by_index)
        profile.admitted += sum(len(options) for options in when.values())
        if profile.admitted > MAX_ADMITTED:
            rectangle.fail(f"the hyper-rectangles admit more than {MAX_ADMITTED:,} values in all")
        if any(not options for options in when.values()):
            profile.notes.append(
                f"a hyper-rectangle on line {rectangle.line} contains no bid and is left out"
            )
            continue
        profile.terms.append((weight, when))
    for inner in ufun.find_all("ufun"):
        _read_ufun(inner, scale, maximum, by_index, profile)


def _admitted(rectangle: Element, by_index: dict[int, Issue]) -> dict[int, tuple[int, ...]]:
    """The option positions a hyper-rectangle admits on each issue it bounds (``INCLUDES index min max``,
    bounds inclusive; two bounds on one issue both hold)."""
    runs: dict[int, tuple[int, int]] = {}
    for bound in rectangle.find_all("INCLUDES"):
        index = bound.integer("index")
        issue = by_index.get(index)
        if issue is None:
            bound.fail(f"the domain has no issue with index {index}")
        if issue.kind != "integer":
            bound.fail(f"INCLUDES bounds need an integer issue; '{issue.name}' is {issue.kind}")
        # An integer issue's numbers ascend, so the values a bound admits are one run of positions.
        start = bisect.bisect_left(issue.numbers, bound.number("min"))
        stop = bisect.bisect_right(issue.numbers, bound.number("max"))
        if index in runs:
            start, stop = max(start, runs[index][0]), min(stop, runs[index][1])
        runs[index] = (start, stop)
    return {index: tuple(range(start, stop)) for index, (start, stop) in runs.items()}
