"""The grid that compiled utilities lie on: whole units of ``1/D``, one denominator ``D`` for the scenario.

**Reading.** Each number of the input (a weight, a value, a term weight, a reservation value) is read as the
fraction it stands for: the simplest fraction (smallest denominator) within ``2**-50`` of it, relative. A
decimal as the file writes it comes back exactly, and so does a fraction that a reader computed in floats
(``3/17``, a GENIUS ``offset + slope * x``, a weight divided by the weights' sum), as long as its float is
within a few rounding errors of it. Two fractions with denominators up to ``b`` differ by at least
``1/b**2``, so a fraction ``a/b`` near ``x`` is the one read whenever ``b**2 * x < 2**49``: seven decimal
places up to 5, four places up to 5 * 10**6. A float that stands for no short fraction (a random value) is
read as a fraction within ``2**-50`` of itself.

**The grid.** A contribution ``weight * value`` is then an exact fraction. ``D`` is the least common multiple
of the denominators of every contribution, term weight and reservation value of every voting party, when
``D * total <= 2**50``, ``total`` being the sum over the parties of their scales (a party's largest
possible utility, or its reservation value when larger). Then every number is a whole number of units and
the grid is *exact*: utilities that are equal as the input writes them are equal. Otherwise (random floats,
whose fractions have denominators near 10**8, or many unrelated fractions) ``D`` is the largest power of ten
with ``D * total <= 2**48`` and every number is its float times ``D`` rounded to the nearest unit: decimals
with that many places (about 14 for utilities near 1) still come out exactly, and nothing moves by a unit,
about ``4e-15`` of the total.

Every package utility, and every sum of them over the parties, is then a whole number of units of at most
``2**50``: exact in float64 whatever the order of the sum, and its float ``N / D`` is correctly rounded, so
``N < N'`` gives ``N / D < N' / D`` and ``round(N / D * D) == N``.
"""

from __future__ import annotations

from fractions import Fraction

BUDGET = 2**50
"""Largest number of units of any package utility, or of a sum of them over the parties (float64 holds
whole numbers exactly up to 2**53)."""

WINDOW = 50
"""A number is read as the simplest fraction within ``2**-WINDOW`` of it, relative."""

FALLBACK_BUDGET = 2**48
"""Units of the total scale on the fallback grid: a float product ``weight * value`` times the denominator is
then within 0.45 of a unit of the exact product of the decimals it stands for, so rounding it gives them
exactly (three roundings of the float inputs and product, 3 * 2**-53 relative, plus the multiplication's)."""

SHORT_PLACES = 7
"""Decimals with at most this many places are taken as written when they are provably the simplest."""


def fraction(x: float) -> Fraction:
    """The fraction a float stands for: the simplest one within ``2**-WINDOW`` of it, relative."""
    if x == 0:
        return Fraction(0)
    if x < 0:
        return -fraction(-x)
    text = repr(x)
    places = len(text) - text.find(".") - 1
    if "e" not in text and places <= SHORT_PLACES:
        written = Fraction(int(text.replace(".", "")), 10**places)
        if written.denominator**2 * x < 2 ** (WINDOW - 1):
            return written
    n, d = x.as_integer_ratio()
    scale = 2**WINDOW
    return _simplest(n * (scale - 1), d * scale, n * (scale + 1), d * scale)


def _simplest(low_n: int, low_d: int, high_n: int, high_d: int) -> Fraction:
    """The fraction of smallest denominator in ``[low_n / low_d, high_n / high_d]`` (positive bounds): the
    common start of both bounds' continued fractions, ended by the smallest integer that fits."""
    p0, q0, p1, q1 = 0, 1, 1, 0
    while True:
        whole, rest = divmod(low_n, low_d)
        if rest == 0 or (whole + 1) * high_d <= high_n:
            end = whole if rest == 0 else whole + 1
            return Fraction(end * p1 + p0, end * q1 + q0)
        # The whole interval has integer part ``whole``: go on with the reciprocals of the fractional parts.
        p0, q0, p1, q1 = p1, q1, whole * p1 + p0, whole * q1 + q0
        low_n, low_d, high_n, high_d = high_d, high_n - whole * high_d, low_d, rest


def limit(total: float) -> int:
    """The largest denominator whose grid holds a total scale of ``total`` within the budget."""
    return BUDGET if total <= 1 else int(BUDGET / total)


def fallback(total: float) -> int:
    """The grid's denominator when no exact one fits: the largest power of ten within ``FALLBACK_BUDGET``."""
    grid = 1
    while grid * 10 * max(total, 1.0) <= FALLBACK_BUDGET:
        grid *= 10
    return grid


def units(number: Fraction, grid: int) -> int:
    """``number`` in whole units of ``1 / grid``, rounded to the nearest (half to even) when not whole."""
    numerator, denominator = number.numerator, number.denominator
    if grid % denominator == 0:
        return numerator * (grid // denominator)
    whole, rest = divmod(numerator * grid, denominator)
    if 2 * rest > denominator or (2 * rest == denominator and whole % 2):
        whole += 1
    return whole
