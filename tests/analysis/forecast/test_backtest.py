"""The backtest: scores of the models and baselines on issues with known outcomes."""

from __future__ import annotations

import pytest

from accord.analysis.forecast.backtest import backtest, deu_issue
from accord.model.deu import load_deu, parse_deu
from tests.deu_data import TABLE, needs_deu, tsv

CAPS = ["", "", "", "", "", "", '"2"', '"1"', '"1"', "", "", "", "", ""]


def test_scores_by_hand() -> None:
    rows = [
        ["1", "1", '"d1"', '"x"', '"d1i1"', "", "100", "0", "50", "50", "100", "50", "0", "40"],
        ["1", "2", '"d1"', '"x"', '"d1i2"', "", "", "80", "", "", "", "", "", "60"],  # one actor
        ["1", "3", '"d1"', '"x"', '"d1i3"', "", "10", "20", "30", "", "", "", "", ""],  # no outcome
        ["2", "1", '"d2"', '"y"', '"d2i1"', "", "", "", "", "", "", "", "", "50"],  # no position
    ]
    result = backtest(parse_deu(tsv(CAPS, *rows), "t.tsv"), ["compromise"])
    assert [(i.proposal, i.issue) for i in result.issues] == [("d1", "d1i1"), ("d1", "d1i2")]
    first, second = result.issues
    # weights 2 x 0.5, 1 x 1, 1 x 0.5: (100 + 0 + 25) / 2.5 = 50
    assert first.forecasts == {"compromise": 50.0, "mean": 50.0, "median": 50.0, "reference-point": 0.0}
    assert second.forecasts["compromise"] == 80.0 and second.forecasts["reference-point"] is None
    compromise = result.models["compromise"]
    assert compromise.mae == pytest.approx(15.0) and compromise.n == 2  # errors 10 and 20
    assert compromise.rmse == pytest.approx((250.0) ** 0.5)
    assert result.models["reference-point"].n == 1 and result.models["reference-point"].mae == 40.0
    assert list(result.models) == ["compromise", "mean", "median", "reference-point"]


def test_an_unknown_model_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown model 'oracle'"):
        backtest(parse_deu(tsv(CAPS, ["1", "1", "d1", "x", "d1i1", *[""] * 9]), "t.tsv"), ["oracle"])


@needs_deu
def test_the_shared_half_reproduces_the_readme_figures() -> None:
    result = backtest(load_deu(TABLE), ["compromise"])
    scores = {name: (round(s.mae or 0, 1), s.n) for name, s in result.models.items()}
    assert scores == {
        "compromise": (20.5, 180),
        "mean": (20.5, 180),
        "median": (25.4, 180),
        "reference-point": (55.2, 130),
    }


@needs_deu
@pytest.mark.slow
def test_the_shared_half_with_every_model() -> None:
    table = load_deu(TABLE)
    result = backtest(table)
    assert {name: s.n for name, s in result.models.items()}["spatial"] == 180
    # the figures of docs/forecast.md (switches chosen by cross-validation on this half)
    assert round(result.models["spatial"].mae or 0, 1) == 20.3
    assert round(result.models["eum"].mae or 0, 1) == 23.1
    issue = deu_issue(table.issues[0], table)
    assert issue is not None and issue.actors[:2] == ("com", "ep")
