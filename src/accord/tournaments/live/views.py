"""What the pages show beside a live session, as plain data: a party's own numbers (never another's), and
the mediator's exact analysis of the table (who sees it sees every party's utilities)."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from accord.tournaments.scores import distances

if TYPE_CHECKING:
    from accord.tournaments.live.game import LiveGame, LiveState


@dataclass(frozen=True)
class Valued:
    """A package as ``{point: option}`` ids and what one party makes of it."""

    package: dict[str, str]
    utility: float
    acceptable: bool
    """No option crosses the party's red lines or breaks what it already agreed to."""
    rational: bool
    """Acceptable and worth at least the party's reservation value."""


@dataclass(frozen=True)
class Change:
    """One option of an open point changed in the base package, and the party's utility of the result."""

    point: str
    option: str
    utility: float
    acceptable: bool
    rational: bool


@dataclass(frozen=True)
class OwnView:
    """A party's own numbers in a live session."""

    party: str
    reservation: float
    best: float
    """The most it can get from a package it may accept (its reservation value when none is)."""
    draft: Valued | None
    """The draft (single text, shuttle) or the package on the table (offers)."""
    asked: Valued | None
    """The package the party is asked about now (the proposal, the final text, the package on the table)."""
    base: Valued | None
    """The package ``changes`` change: the draft, or (nothing on the table yet) the party's best package."""
    changes: tuple[Change, ...]

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


@dataclass(frozen=True)
class TableAnalysis:
    """The exact analysis beside the table: the agreement zone, the Nash package, and the draft's distances
    (as ``accord simulate`` scores a run: Euclidean, in utility space)."""

    zone_empty: bool
    zone_size: int | None
    nash: dict[str, str] | None
    nash_utilities: dict[str, float] | None
    draft: dict[str, str] | None
    draft_utilities: dict[str, float] | None
    draft_in_zone: bool | None
    frontier_distance: float | None
    nash_distance: float | None

    def to_dict(self) -> dict[str, Any]:
        return dataclasses.asdict(self)


def own_view(game: LiveGame, state: LiveState, party: str) -> OwnView:
    """``party``'s view of ``state``: its utility of the draft, of what it is asked about, and of every
    single-option change of the draft it could ask for. :class:`KeyError` for a party not at the table."""
    p = game.parties.index(party) if party in game.parties else None
    if p is None:
        raise KeyError(party)
    prefs = game.setting.preferences[p]
    ask = state.asks.get(party)
    asked = None if ask is None or ask.package is None else _valued(game, p, ask.package)
    base_package = state.draft
    if base_package is None and len(prefs.ranked):
        base_package = int(prefs.ranked[-1])
    return OwnView(
        party=party,
        reservation=prefs.reservation,
        best=prefs.best,
        draft=None if state.draft is None else _valued(game, p, state.draft),
        asked=asked,
        base=None if base_package is None else _valued(game, p, base_package),
        changes=() if base_package is None else _changes(game, p, base_package),
    )


def _valued(game: LiveGame, p: int, package: int) -> Valued:
    prefs = game.setting.preferences[p]
    return Valued(
        package=_named(game, package),
        utility=float(prefs.utilities[package]),
        acceptable=bool(prefs.acceptable[package]),
        rational=bool(prefs.rational[package]),
    )


def _named(game: LiveGame, package: int) -> dict[str, str]:
    return game.compiled.package(tuple(game.setting.rules.choice_of(package)))


def _changes(game: LiveGame, p: int, package: int) -> tuple[Change, ...]:
    rules, prefs, compiled = game.setting.rules, game.setting.preferences[p], game.compiled
    here = rules.choice_of(package)
    changes = []
    for k in rules.open_points:
        for option in range(rules.sizes[k]):
            if option == here[k]:
                continue
            changed = rules.package_of([option if j == k else o for j, o in enumerate(here)])
            changes.append(
                Change(
                    point=compiled.points[k],
                    option=compiled.options[k][option],
                    utility=float(prefs.utilities[changed]),
                    acceptable=bool(prefs.acceptable[changed]),
                    rational=bool(prefs.rational[changed]),
                )
            )
    return tuple(changes)


def table_analysis(game: LiveGame, state: LiveState) -> TableAnalysis:
    """The mediator's analysis of ``state`` (the scenario's analysis is computed once per game)."""
    analysis, reference = game.analysis, game.reference
    parties = game.parties
    nash = analysis.solutions["nash"]
    nash_utilities = None
    if reference.nash is not None:
        nash_utilities = {q: float(u) for q, u in zip(parties, reference.nash, strict=True)}
    draft = state.draft
    draft_utilities = frontier = to_nash = None
    in_zone = None
    if draft is not None:
        point = np.array([float(prefs.utilities[draft]) for prefs in game.setting.preferences])
        draft_utilities = {q: float(u) for q, u in zip(parties, point, strict=True)}
        frontier, to_nash = distances(reference, point)
        in_zone = game.compiled.agreement(tuple(game.setting.rules.choice_of(draft)))
    return TableAnalysis(
        zone_empty=analysis.zone.empty,
        zone_size=analysis.zone.size,
        nash=None if nash is None else game.compiled.package(nash),
        nash_utilities=nash_utilities,
        draft=None if draft is None else _named(game, draft),
        draft_utilities=draft_utilities,
        draft_in_zone=in_zone,
        frontier_distance=frontier,
        nash_distance=to_nash,
    )
