"""GENIUS evaluators of integer and real issues: the utility in [0, 1] of each value, as GENIUS computes it.

- ``linear`` with ``slope`` and ``offset`` (integer issues, GENIUS's ``EvaluatorInteger``):
  ``offset + slope * (x - lowerbound)``, clamped to [0, 1];
- ``linear`` with ``parameter0`` and ``parameter1`` (real issues, ``EvaluatorReal``, and integer issues in
  older GENIUS files): ``parameter1 * x + parameter0``, clamped to [0, 1];
- ``constant``: ``parameter0``;
- ``triangular`` (``EVALFUNCTYPE.evalTriangular``): 0 below ``parameter0`` and from ``parameter1`` on, rising
  linearly to 1 at the top ``parameter2`` and falling back;
- ``faratin`` (``EVALFUNCTYPE.evalFaratin``, Faratin et al. 1998, with ``parameter0`` = alpha and
  ``parameter1`` = epsilon over the issue's range, as GENIUS's ``CriteriaReal`` calls it), computed exactly as
  GENIUS writes it - including Java's integer division ``1/2 == 0`` - and clamped to [0, 1] as its evaluators
  clamp. GENIUS's formula adds pi/2 to a number in (-1/2, 1/2), so every value clamps to 1; the importer says
  so when it meets one.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence

from accord.model.genius.xml import Element

Evaluation = Callable[[float], float]


def evaluate(evaluator: Element | None, values: Sequence[float], lower: float, upper: float) -> list[float]:
    """The evaluation of each of ``values`` by an ``<evaluator>`` (all 0 without one, as in GENIUS)."""
    if evaluator is None:
        return [0.0 for _ in values]
    function = _function(evaluator, lower, upper)
    result = [function(x) for x in values]
    if not all(math.isfinite(u) for u in result):
        evaluator.fail("the evaluator gives a value that is not a finite number (bounds too far apart?)")
    return result


def is_degenerate(evaluator: Element | None) -> bool:
    """Whether GENIUS's formula for this evaluator gives 1 everywhere (``faratin``)."""
    return evaluator is not None and evaluator.attrib.get("ftype", "").lower() == "faratin"


def _function(evaluator: Element, lower: float, upper: float) -> Evaluation:
    kind = evaluator.text("ftype").lower()
    if kind == "linear" and ("slope" in evaluator.attrib or "offset" in evaluator.attrib):
        slope, offset = evaluator.number("slope", 0.0), evaluator.number("offset", 0.0)
        return lambda x: _clamp(offset + slope * (x - lower))
    if kind == "linear":
        p0, p1 = evaluator.number("parameter0"), evaluator.number("parameter1")
        return lambda x: _clamp(p1 * x + p0)
    if kind == "constant":
        p0 = evaluator.number("parameter0")
        return lambda x: p0
    if kind == "triangular":
        low, high, top = (evaluator.number(f"parameter{i}") for i in range(3))
        return lambda x: _triangular(x, low, high, top)
    if kind == "faratin":
        alpha, epsilon = evaluator.number("parameter0"), evaluator.number("parameter1")
        if upper == lower:
            evaluator.fail("a faratin evaluator needs an issue whose bounds differ")
        return lambda x: _clamp(_faratin(x, upper, lower, alpha, epsilon))
    evaluator.fail(f"unknown evaluator type '{kind}' (linear, constant, triangular or faratin)")


def _clamp(utility: float) -> float:
    return min(max(utility, 0.0), 1.0)


def _triangular(x: float, low: float, high: float, top: float) -> float:
    """``EVALFUNCTYPE.evalTriangular``, branch for branch."""
    if x < low:
        return 0.0
    if x < top:
        return (x - low) / (top - low)
    if x < high:
        return 1 - (x - top) / (high - top)
    return 0.0


def _faratin(x: float, high: float, low: float, alpha: float, epsilon: float) -> float:
    """``EVALFUNCTYPE.evalFaratin`` as written in GENIUS (``1/2`` is 0 in Java's integer arithmetic)."""
    share = (x - low) / (high - low)
    inner = (2 * abs(x - low) / (high - low) * share**alpha - 1) * math.tan(math.pi * (0 - epsilon))
    return 1 / math.pi * math.atan(inner) + math.pi / 2
