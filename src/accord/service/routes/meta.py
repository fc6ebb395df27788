"""The service itself: health (no token) and who the caller is."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends

from accord import __version__
from accord.service.context import Caller, authorise

router = APIRouter(dependencies=[Depends(authorise)], tags=["service"])


@router.get("/health", name="health")
def health() -> dict[str, Any]:
    """Whether the server answers (no token needed)."""
    return {"status": "ok", "version": __version__}


@router.get("/me", name="me")
def me(who: Caller) -> dict[str, Any]:
    """The caller's account: name, role and talks."""
    return {"name": who.name, "role": who.label, "talks": who.talks}
