"""Hypothesis builders of forecasting issues: a few actors with positions, saliences and capabilities."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from accord.analysis.forecast.issue import Issue


@st.composite
def issues(draw: st.DrawFn, max_actors: int = 7) -> Issue:
    """An issue of 1 to ``max_actors`` actors on integer positions (ties between actors are common)."""
    n = draw(st.integers(1, max_actors))
    positions = draw(st.lists(st.integers(0, 100), min_size=n, max_size=n))
    saliences = draw(st.lists(st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.8, 1.0]), min_size=n, max_size=n))
    capabilities = draw(st.lists(st.sampled_from([0.5, 1.0, 2.0, 4.1]), min_size=n, max_size=n))
    return Issue(
        tuple(f"a{i}" for i in range(n)),
        np.array(positions, dtype=float),
        np.array(saliences),
        np.array(capabilities),
    )
