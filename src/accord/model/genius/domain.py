"""A GENIUS domain: its issues, each a point of the scenario, and the options each can take.

Discrete issues list their items; integer issues take every whole number from ``lowerbound`` to
``upperbound``; real issues take values from a range, which Accord discretises with a declared step (the
analysis is over finitely many packages). Issues are found in document order under the domain's objective,
as GENIUS enumerates them, and are known by their ``index``.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from accord.model.genius.xml import Element, shown

MAX_VALUES = 100_000
"""Most values one integer or real issue may take in Accord (its options are listed one by one)."""

DEFAULT_REAL_STEPS = 10
"""Without a declared step, a real issue's range is cut into this many equal steps (11 values)."""

ISSUE_KINDS = ("discrete", "integer", "real")


@dataclass(frozen=True)
class Issue:
    """One issue of a domain."""

    index: int
    name: str
    kind: str
    labels: tuple[str, ...]
    """The values as GENIUS writes them: item values, or numbers."""
    numbers: tuple[float, ...]
    """The numeric value of each option (integer and real issues); empty for discrete issues."""
    lower: float = 0.0
    upper: float = 0.0
    step: float | None = None
    """The discretisation step of a real issue."""


def objective_of(root: Element) -> Element:
    """The top objective of a domain (``negotiation_template/utility_space/objective``) or profile."""
    space = root if root.tag == "utility_space" else root.find("utility_space")
    objective = None if space is None else space.find("objective")
    if objective is None:
        root.fail("no <objective> element: is this a GENIUS domain or utility-space file?")
    return objective


def issue_kind(element: Element) -> str:
    """The issue's type as GENIUS reads it: ``type``, else ``etype``, else discrete."""
    kind = element.attrib.get("type", element.attrib.get("etype", "discrete")).lower()
    if kind not in ISSUE_KINDS:
        element.fail(f"unknown issue type '{kind}' (discrete, integer or real)")
    return kind


def read_issues(root: Element, real_step: float | None = None) -> list[Issue]:
    """The issues of a domain file, in order, with their options."""
    issues = [_issue(element, real_step) for element in objective_of(root).iter("issue")]
    if not issues:
        root.fail("the domain has no <issue>")
    seen: dict[int, Element] = {}
    for element, issue in zip(objective_of(root).iter("issue"), issues, strict=True):
        if issue.index in seen:
            element.fail(f"issue index {issue.index} is already used by another issue")
        seen[issue.index] = element
    return issues


def bounds(element: Element) -> tuple[float, float]:
    """``lowerbound`` and ``upperbound`` of an integer or real issue: attributes, or a ``<range>`` child."""
    holder = element if "lowerbound" in element.attrib else element.find("range")
    if holder is None:
        element.fail("attribute 'lowerbound' is missing (nor is there a <range> element)")
    return holder.number("lowerbound"), holder.number("upperbound")


def _issue(element: Element, real_step: float | None) -> Issue:
    index, name, kind = element.integer("index"), element.text("name"), issue_kind(element)
    if kind == "discrete":
        items = element.find_all("item")
        if not items:
            element.fail("a discrete issue needs at least one <item>")
        labels = tuple(item.text("value") for item in items)
        seen: set[str] = set()
        for item, label in zip(items, labels, strict=True):
            if label in seen:
                item.fail(f"item value '{shown(label)}' is listed twice")
            seen.add(label)
        return Issue(index, name, kind, labels, ())
    lower, upper = bounds(element)
    if upper < lower:
        element.fail(f"upperbound {upper:g} is below lowerbound {lower:g}")
    if kind == "integer":
        if not (lower.is_integer() and upper.is_integer()):
            element.fail("an integer issue needs whole-number bounds")
        first, last = int(lower), int(upper)  # exact: bounds like 1e308 are whole numbers too
        count = last - first + 1
        if count > MAX_VALUES:
            many = f"{count:,}" if count < 10**12 else "over 10^12"
            element.fail(f"{lower:g} to {upper:g}: {many} values, more than Accord lists ({MAX_VALUES:,})")
        numbers = tuple(float(v) for v in range(first, last + 1))
        return Issue(index, name, kind, tuple(str(v) for v in range(first, last + 1)), numbers, lower, upper)
    if not math.isfinite(upper - lower):
        element.fail(f"the range {lower:g} to {upper:g} is too wide to discretise")
    step = real_step if real_step is not None else ((upper - lower) / DEFAULT_REAL_STEPS or 1.0)
    numbers = _real_values(element, lower, upper, step)
    labels = tuple(f"{x:.12g}" for x in numbers)
    return Issue(index, name, kind, labels, numbers, lower, upper, step)


def _real_values(element: Element, lower: float, upper: float, step: float) -> tuple[float, ...]:
    """``lower, lower + step, ...`` up to ``upper``, which is always included."""
    if not step > 0:
        element.fail(f"the discretisation step must be positive, not {step:g}")
    steps = (upper - lower) / step
    if not steps < MAX_VALUES:  # also when the range over the step overflows
        element.fail(f"step {step:g} gives more than {MAX_VALUES:,} values, more than Accord lists")
    count = math.floor(steps + 1e-9) + 1
    numbers = [lower + i * step for i in range(count)]
    if upper - numbers[-1] > 1e-9 * max(1.0, abs(upper)):
        numbers.append(upper)
    return tuple(numbers)


def to_id(text: str, taken: set[str], fallback: str = "x") -> str:
    """An Accord id made from GENIUS text (a name, a value, a file name), unique among ``taken``."""
    base = re.sub(r"[^A-Za-z0-9_.-]+", "_", text.strip())
    base = re.sub(r"^[^A-Za-z0-9]+", "", base)[:56].rstrip("_") or fallback
    if text.startswith("-") and base[:1].isdigit():
        base = f"minus{base}"[:56]
    candidate, n = base, 1
    while candidate in taken:
        n += 1
        candidate = f"{base}_{n}"
    taken.add(candidate)
    return candidate
