"""Errors of the service that become an HTTP status (the others: 400 for bad input, 422 for a scenario)."""

from __future__ import annotations

from accord.model.errors import AccordError


class NotFound(AccordError):
    """No such talks, party, job (404)."""


class Conflict(AccordError):
    """A request that contradicts what the server holds (409)."""
