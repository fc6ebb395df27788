"""Drive a live session from the decisions strategies made in ``accord simulate``: the engine's oracle."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from hypothesis import strategies as st

from accord.agents.catalogue import strategies
from accord.agents.strategy import Seat
from accord.model.scenario import Scenario
from accord.protocols.events import Event, Offered, Passed, Ratified, Responded, Voted
from accord.protocols.rules import Deadline
from accord.tournaments.live import PERSON, Action, LiveGame, LiveSetup, LiveState, Move, prepare_live
from accord.tournaments.simulation import SimulationConfig, simulate
from tests.strategies import scenarios

EXAMPLE = Path(__file__).parents[3] / "src" / "accord" / "examples" / "peace-talks.yaml"
LINEUPS = {
    "single-text": ("hill-climber", "annealer", "hill-climber", "annealer"),
    "shuttle": ("annealer", "hill-climber", "annealer", "hill-climber"),
    "stacked-offers": ("boulware", "conceder", "linear", "hardliner"),
}


def game_of(s: Scenario, protocol: str, agents: tuple[str, ...], people: int, **setup: object) -> LiveGame:
    seats = {p: PERSON if i < people else a for i, (p, a) in enumerate(zip(s.voters, agents, strict=True))}
    values = {"rounds": 20, "minutes": None, "seed": 3, **setup}
    return prepare_live(s, LiveSetup(protocol=protocol, seats=seats, **values))  # type: ignore[arg-type]


def simulated(
    scenario: Scenario, protocol: str, agents: Sequence[str], *, rounds: int, mediator: str, seed: int
) -> tuple[Event, ...]:
    config = SimulationConfig(protocol, tuple(agents), Deadline(rounds=rounds), mediator, runs=1, seed=seed)
    return next(iter(simulate(scenario, config))).events


def decisions(events: Sequence[Event], people: Sequence[str]) -> dict[str, list[Move]]:
    """Each person's moves: the decisions its strategy made in the run, in order."""
    moves: dict[str, list[Move]] = {p: [] for p in people}
    for event in events:
        party = getattr(event, "party", None)
        if party not in moves:
            continue
        if isinstance(event, Offered):
            moves[party].append(Move(party, Action.OFFER, package=event.package))
        elif isinstance(event, Passed):
            moves[party].append(Move(party, Action.PASS))
        elif isinstance(event, Responded):
            moves[party].append(Move(party, Action.RESPOND, accepted=event.accepted))
        elif isinstance(event, Voted | Ratified):
            moves[party].append(Move(party, Action.VOTE, accepted=event.accepted))
    return moves


def drive(
    game: LiveGame,
    planned: dict[str, list[Move]],
    choose: Callable[[Sequence[str]], str] = lambda waiting: waiting[0],
    on_state: Callable[[LiveState], None] = lambda state: None,
) -> LiveState:
    """Answer what the protocol asks, one move at a time, each checked first; ``choose`` picks which waiting
    person answers next."""
    moves: list[Move] = []
    state = game.replay(moves, 0.0)
    on_state(state)
    while state.waiting_for:
        party = choose(state.waiting_for)
        move = planned[party].pop(0)
        game.check(state, move)
        moves.append(move)
        state = game.replay(moves, 0.0)
        on_state(state)
    return state


def negotiators(protocol: str) -> list[str]:
    return sorted(n for n, c in strategies(Seat.NEGOTIATOR).items() if protocol in c.traits.protocols)


@st.composite
def live_cases(draw: st.DrawFn) -> tuple[Scenario, str, tuple[str, ...], tuple[bool, ...], int, str, int]:
    s = draw(scenarios(voters=(2, 4), max_packages=48))
    protocols = ["single-text", "shuttle", "stacked-offers"] + (["alternating-offers"] * (len(s.voters) == 2))
    protocol = draw(st.sampled_from(protocols))
    names = negotiators(protocol)
    agents = tuple(draw(st.sampled_from(names)) for _ in s.voters)
    people = tuple(draw(st.lists(st.booleans(), min_size=len(s.voters), max_size=len(s.voters))))
    mediator = draw(st.sampled_from(sorted(strategies(Seat.MEDIATOR))))
    return s, protocol, agents, people, draw(st.integers(1, 5)), mediator, draw(st.integers(0, 2**32))
