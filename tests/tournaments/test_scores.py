"""Scores of a run: GENIUS discount factors discount each party's utility to ``u * d**t`` (``t`` the share of
the deadline used), and runs are then scored by the discounted utilities, as ANAC scores."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from accord.model.genius import load_genius
from accord.protocols.events import Ended
from accord.protocols.rules import Deadline
from accord.protocols.trace import Record
from accord.tournaments.results import ResultSet
from accord.tournaments.scores import reference_of, score, time_of
from accord.tournaments.simulation import SimulationConfig, prepare, report, simulate
from accord.tournaments.tournament import TournamentConfig, run_tournament
from tests.scripted import scenario

LUNCH = Path(__file__).resolve().parents[1] / "model" / "genius" / "lunch"
"""Alice declares a discount factor of 0.5; Bob none."""


def _run(rounds: int = 20) -> tuple[dict[str, object], Record]:
    lunch = load_genius(LUNCH)
    config = SimulationConfig("stacked-offers", ("boulware",), Deadline(rounds=rounds))
    records = list(simulate(lunch, config))
    return report(prepare(lunch), config, records).model_dump(mode="json")["runs"][0], records[0]


def test_a_discounted_run_reports_both_utilities_and_scores_the_discounted_one() -> None:
    run, record = _run()
    assert run["outcome"] == "agreement"
    t = record.ended.time
    assert t is not None and 0 < t < 1
    assert run["time"] == pytest.approx(t)
    raw, discounted = run["utilities"], run["discounted_utilities"]
    assert isinstance(raw, dict) and isinstance(discounted, dict)
    assert discounted["alice"] == pytest.approx(raw["alice"] * 0.5**t, abs=1e-12)
    assert discounted["bob"] == raw["bob"]  # no discount factor: d = 1
    reservation = {p: prefs.reservation for p, prefs in load_genius(LUNCH).preferences.items()}
    assert run["advantage"] == {
        p: pytest.approx(u - reservation[p], abs=1e-12) for p, u in discounted.items()
    }
    assert run["welfare"] == pytest.approx(discounted["alice"] + discounted["bob"], abs=1e-12)


def test_the_time_of_an_offer_run_is_the_share_of_the_rounds_completed() -> None:
    _, record = _run(rounds=40)
    assert record.ended.time == (record.ended.round - 1) / 40


def test_a_record_without_a_time_is_timed_by_its_rounds() -> None:
    _, record = _run()
    old = Record(record.header, (replace(record.ended, time=None),))
    assert time_of(old) == record.ended.round / 20
    reference = reference_of(load_genius(LUNCH))
    assert score(old, reference).time == record.ended.round / 20


def test_a_breakdown_discounts_the_reservation_values_at_the_end() -> None:
    _, record = _run()
    ended = Ended(20, False, None, (), record.ended.reason, time=1.0)
    result = score(Record(record.header, (ended,)), reference_of(load_genius(LUNCH)))
    assert result.utilities == pytest.approx((0.2, 0.5), abs=1e-12)  # the reservation values
    assert result.discounted_utilities == pytest.approx((0.1, 0.5), abs=1e-12)


def test_without_discount_factors_nothing_is_discounted() -> None:
    plain = scenario(2)
    config = SimulationConfig("stacked-offers", ("linear",), Deadline(rounds=10))
    run = report(prepare(plain), config, list(simulate(plain, config))).model_dump(mode="json")["runs"][0]
    assert run["discounted_utilities"] is None
    assert run["welfare"] == pytest.approx(sum(run["utilities"].values()), abs=1e-12)


def test_tournament_standings_report_and_rank_by_the_discounted_utility() -> None:
    lunch = load_genius(LUNCH)
    config = TournamentConfig("stacked-offers", ("boulware", "conceder"), Deadline(rounds=20))
    results = run_tournament([lunch], config)
    rows = results.to_dict()["standings"]
    for row in rows:
        assert row["discounted_utility"] is not None and row["discounted_utility"] <= row["utility"]
    by_hand: dict[str, list[float]] = {}
    for record, run in zip(results.records, results.scores, strict=True):
        assert run.discounted_utilities is not None
        for p, strategy in enumerate(record.header.agents):
            by_hand.setdefault(strategy, []).append(run.discounted_utilities[p])
    for row in rows:
        taken = by_hand[row["strategy"]]
        assert row["discounted_utility"] == pytest.approx(sum(taken) / len(taken), abs=1e-12)
    advantages = [row["advantage"] for row in rows]
    assert advantages == sorted(advantages, reverse=True)
    rebuilt = ResultSet.from_records(results.records, [reference_of(lunch)])
    assert rebuilt.to_dict() == results.to_dict()
