"""The Accord service: a REST API over the records and their analyses, with accounts and roles per talks.

``accord serve`` runs it on uvicorn; ``accord users`` manages its accounts. See ``docs/service.md``.
"""

from __future__ import annotations

from accord.service.app import create_app
from accord.service.config import ServiceConfig
from accord.service.roles import ACCESS, Principal, Role

__all__ = ["ACCESS", "Principal", "Role", "ServiceConfig", "create_app"]
