"""Live sessions: protocols with people seated, replayed from their recorded moves (``docs/live.md``)."""

from __future__ import annotations

from accord.tournaments.live.game import (
    AGREED,
    BROKEN_DOWN,
    RUNNING,
    LiveGame,
    LiveState,
    MoveRefused,
    prepare_live,
)
from accord.tournaments.live.person import Ask, Question
from accord.tournaments.live.run import LiveRun
from accord.tournaments.live.setup import MAX_LIVE_ROUNDS, PERSON, Action, LiveSetup, Move
from accord.tournaments.live.views import Change, OwnView, TableAnalysis, Valued

__all__ = [
    "AGREED",
    "BROKEN_DOWN",
    "MAX_LIVE_ROUNDS",
    "PERSON",
    "RUNNING",
    "Action",
    "Ask",
    "Change",
    "LiveGame",
    "LiveRun",
    "LiveSetup",
    "LiveState",
    "Move",
    "MoveRefused",
    "OwnView",
    "Question",
    "TableAnalysis",
    "Valued",
    "prepare_live",
]
