"""Why a move is not allowed now, in the words of the person who made it."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accord.tournaments.live.person import Ask, Question
from accord.tournaments.live.setup import PERSON, Action, Move

if TYPE_CHECKING:
    from accord.tournaments.live.game import LiveGame, LiveState

_ALREADY = {
    Question.VOTE: "you already voted on this proposal",
    Question.SIGN: "you already said whether you sign the final text",
    Question.RESPOND: "you already answered the package on the table",
    Question.OFFER: "you already made your offer",
}


def refusal(game: LiveGame, state: LiveState, move: Move) -> str | None:
    """The reason ``move`` is refused in ``state``, or None when the protocol allows it now."""
    party, seat = move.party, game.setup.seats.get(move.party)
    if seat is None:
        return f"there is no party '{party}' at this table"
    if seat != PERSON:
        return f"{party} is played by a strategy ({seat}), not by a person"
    if state.ended is not None:
        outcome = "with an agreement" if state.ended.agreement else "without an agreement"
        return f"the session is over: it ended {outcome}"
    ask = state.asks.get(party)
    if ask is None:
        return _not_asked(state, party)
    return _answer_problem(game, ask, move)


def _answer_problem(game: LiveGame, ask: Ask, move: Move) -> str | None:
    """What is wrong with ``move`` as the answer to ``ask``, if anything."""
    if move.round is not None and move.round != ask.round:
        return f"round {move.round} is over: the protocol now asks you for {ask.describe()}"
    if move.action not in ask.actions:
        return f"the protocol asks you for {ask.describe()}, not for {_what(move.action)}"
    if move.action in (Action.VOTE, Action.RESPOND) and not isinstance(move.accepted, bool):
        return "say whether you accept or reject"
    if move.action is Action.OFFER:
        problem = _offer_problem(game, move.package)
        if problem is not None:
            return problem
    if not move.timeout and ask.answer_by is not None and move.at >= ask.answer_by:
        return f"your time to answer ran out: {ask.describe()} counts as no"
    return None


def _what(action: Action) -> str:
    return {
        Action.VOTE: "a vote",
        Action.RESPOND: "an answer to an offer",
        Action.OFFER: "an offer",
        Action.PASS: "a pass",
    }[action]


def _not_asked(state: LiveState, party: str) -> str:
    asks = list(state.asks.values())
    if not asks:
        return "the protocol is not asking anyone now"
    ask: Ask = asks[0]
    if party in state.answered:
        return _ALREADY[ask.question]
    if ask.question is Question.OFFER:
        return f"it is {ask.party}'s turn to offer"
    if ask.question is Question.RESPOND:
        return f"it is {ask.party}'s turn to answer the package on the table"
    if party in ask.together:
        return _ALREADY[ask.question]
    return (
        f"the mediator is meeting {', '.join(ask.together)} in private session {ask.session} now; "
        "your turn comes later"
    )


def _offer_problem(game: LiveGame, package: int | None) -> str | None:
    valid = game.setting.valid
    if isinstance(package, bool) or not isinstance(package, int):
        return "an offer needs a package"
    if not 0 <= package < len(valid):
        return f"there is no package number {package}"
    if not valid[package]:
        rules, compiled = game.setting.rules, game.compiled
        choice = rules.choice_of(package)
        for k, option in enumerate(rules.fixed):
            if option >= 0 and choice[k] != option:
                point, settled = compiled.points[k], compiled.options[k][option]
                return f"that package crosses a settled point: {point} is settled on {settled}"
    return None
