"""The output formats of the analyses: ``accord-analysis/1``, ``accord-explanation/1``, ``accord-proposal/1``.

One model per format (``model/output.py``): ``Analysis.to_dict()``, ``Explanation.to_dict()`` and
``Proposals.to_dict()`` are these models dumped, and ``docs/analysis-json.md`` describes their fields.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from accord.model.output import Output

Package = dict[str, str]
"""A package: the option chosen on each point, ``{point: option}``."""
Utilities = dict[str, float]
"""A number per party, ``{party: value}``."""


def shown(value: float) -> float:
    """A utility as reported: 12 significant digits (off an exact grid, rounding moves it by about 1e-15)."""
    return float(f"{value:.12g}")


class PackageEntry(Output):
    """A package with each voting party's utility of it."""

    package: Package
    utilities: Utilities


class RuleOutput(Output):
    quorum: int = Field(description="How many voting parties must accept.")
    veto: list[str] = Field(description="The parties that must accept (all of them under unanimity).")
    reservation: Utilities = Field(description="Each voting party's reservation value.")


class SpaceOutput(Output):
    points: int
    size: int = Field(description="Number of packages (one option per point).")


class ZoneOutput(Output):
    empty: bool
    size: int | None = Field(description="Packages in the zone; null with the optimization engine.")
    accepted_by: dict[str, int] | None = Field(
        description="How many packages each party accepts on its own; null with the optimization engine."
    )


class SolutionsOutput(Output):
    nash: PackageEntry | None
    kalai_smorodinsky: PackageEntry | None
    egalitarian: PackageEntry | None
    utilitarian: PackageEntry | None


class AssumptionOutput(Output):
    id: str
    text: str


class AnalysisOutput(Output):
    """``accord analyze --json`` (``docs/analysis-json.md``)."""

    format: Literal["accord-analysis/1"]
    scenario: str
    engine: Literal["enumeration", "optimization"]
    parties: list[str]
    rule: RuleOutput
    space: SpaceOutput
    zone: ZoneOutput
    frontier_scope: Literal["space", "zone"]
    frontier_complete: bool
    frontier: list[PackageEntry]
    space_frontier: list[PackageEntry]
    solutions: SolutionsOutput
    assumptions: list[AssumptionOutput]
    skipped: list[str] = Field(
        description="Entries of the GENIUS folder the scenario was read from that are not its domain or a "
        "profile (skipped; empty for a scenario file).",
    )


class ConstraintOutput(Output):
    """A named group of constraints: a party's red lines on a point, its lock of a point, or its
    reservation."""

    kind: Literal["red-line", "lock", "reservation"]
    party: str
    point: str | None


class MoveOutput(Output):
    """What one party would have to accept: an option below its threshold on a point, or (``point`` null) a
    package worth less to it than its reservation value."""

    party: str
    point: str | None
    option: str | None
    value: float = Field(description="Its value of the option, or its utility of the package.")
    level: float = Field(description="Its threshold on the point, or its reservation value.")


class ConcessionOutput(Output):
    objective: Literal["total", "largest"]
    movers: list[str]
    reservation: Utilities
    thresholds: dict[str, dict[str, float]]
    package: Package
    moves: list[MoveOutput]


class ExplanationOutput(Output):
    """``accord explain --json``."""

    format: Literal["accord-explanation/1"]
    parties: list[str]
    empty: bool
    complete: bool
    conflicts: list[list[ConstraintOutput]]
    corrections: list[list[ConstraintOutput]]
    concessions: list[ConcessionOutput]
    binding: list[ConstraintOutput]
    summary: str


class StakeOutput(Output):
    """A party's position on a point that a text departs from, with the option the text (``crosses``) or the
    party (``reopens``) chose there."""

    party: str
    point: str
    option: str


class ProposalEntry(Output):
    package: Package
    utilities: Utilities
    gains: Utilities
    red_lines_held: bool
    crosses: list[StakeOutput] = Field(description="The red lines the text crosses.")
    reopens: list[StakeOutput] = Field(description="The agreements the text does not hold.")


class ProposalOutput(Output):
    """``accord propose --json``."""

    format: Literal["accord-proposal/1"]
    parties: list[str]
    single_text: ProposalEntry
    agreement: Package | None
    improvement: ProposalEntry | None
    within_red_lines: ProposalEntry | None = Field(
        description="When the single text crosses red lines: the best text that crosses none, or null."
    )


class InputOutput(Output):
    """A declared range sampled as an input (``docs/methods.md``, *Robustness*)."""

    input: str = Field(description="Its place, e.g. preferences.ukraine.values.territory.freeze-line.")
    low: float
    high: float
    stated: float = Field(description="The number the scenario states (a triangular distribution's mode).")
    distribution: Literal["uniform", "triangular"]


class ProbabilityOutput(Output):
    estimate: float
    low: float = Field(description="Lower end of the 95 % Wilson score interval.")
    high: float = Field(description="Upper end of the 95 % Wilson score interval.")


class ConvergenceOutput(ProbabilityOutput):
    samples: int = Field(description="The estimate on the first this many samples.")


class OddsOutput(Output):
    """A package's share of samples in which the rule makes it an agreement, and in which each party
    accepts it."""

    package: Package
    solutions: list[str] = Field(description="The base case's fair packages it is (nash, ...).")
    p_all_accept: float
    p_accept: Utilities


class MostRobustOutput(OddsOutput):
    interval: ProbabilityOutput
    scope: Literal["space", "listed"] = Field(
        description="space: the best of every package (enumeration); listed: of the listed packages."
    )


class InfluenceOutput(Output):
    input: str
    index: float = Field(description="First-order index of the input on the verdict (a zone exists).")
    acceptance_index: float = Field(description="First-order index on the most robust package's acceptance.")
    tipping_value: float | None = Field(
        description="One input at a time: its value nearest the stated one where the verdict flips; null "
        "when not searched or when the verdict holds over the whole range."
    )


class RobustnessOutput(Output):
    """``accord robustness --json`` (``docs/methods.md``, *Robustness*)."""

    format: Literal["accord-robustness/1"]
    scenario: str
    samples: int
    seed: int
    sampler: Literal["sobol", "random"]
    engine: Literal["enumeration", "optimization"]
    inputs: list[InputOutput]
    base: dict[Literal["zone_empty"], bool]
    p_zone_nonempty: ProbabilityOutput
    interval: Literal["wilson"]
    convergence: list[ConvergenceOutput]
    packages: list[OddsOutput]
    most_robust: MostRobustOutput
    sensitivity: list[InfluenceOutput] = Field(description="Every input, the most influential first.")
