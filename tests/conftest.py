"""Hypothesis profiles for the property tests: ``dev`` by default, ``HYPOTHESIS_PROFILE=ci`` in CI."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Oracle checks take from a millisecond to a second depending on the drawn space: no per-example deadline.
settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
# CI: the same examples on every run, and a reproduction blob printed for any failure.
settings.register_profile(
    "ci", deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True, print_blob=True
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))
