"""The limits of the service in one process: failed authentications per address, tokens remembered briefly."""

from __future__ import annotations

from accord.service.roles import Principal, Role
from accord.service.security import FailureLimiter, Limits, RecentTokens

WHO = Principal("m", Role.MEDIATOR, talks=1)


def test_failures_are_counted_per_address() -> None:
    limiter = FailureLimiter(Limits(failures=3, window=60))
    for _ in range(3):
        assert limiter.retry_after("10.0.0.1") == 0
        limiter.failed("10.0.0.1")
    assert 0 < limiter.retry_after("10.0.0.1") <= 61
    assert limiter.retry_after("10.0.0.2") == 0


def test_failures_older_than_the_window_are_forgotten() -> None:
    limiter = FailureLimiter(Limits(failures=1, window=0.0))
    limiter.failed("10.0.0.1")
    assert limiter.retry_after("10.0.0.1") == 0


def test_a_checked_token_is_remembered_by_its_hash_for_its_memory_only() -> None:
    tokens = RecentTokens(memory=3600)
    tokens.put("accord_secret", WHO)
    assert tokens.get("accord_secret") == WHO
    assert tokens.get("accord_other") is None
    assert "accord_secret" not in repr(tokens._checked)
    forgetful = RecentTokens(memory=-1)
    forgetful.put("accord_secret", WHO)
    assert forgetful.get("accord_secret") is None


def test_the_memory_is_bounded() -> None:
    tokens = RecentTokens(memory=3600, size=10)
    for i in range(25):
        tokens.put(f"t{i}", WHO)
    assert len(tokens._checked) <= 10 and tokens.get("t24") == WHO
