"""The service's responses: each output's JSON bytes from one function, the same bytes ``--json`` prints.

One function per output; the routes declare the output models of ``accord schema --output`` as their
responses, so the OpenAPI document describes the same JSON as the published schemas.
"""

from __future__ import annotations

from typing import Any

from fastapi import Response

from accord.analysis.analyze import Analysis
from accord.analysis.explain import Explanation
from accord.analysis.propose import Proposals
from accord.model.output import json_text
from accord.tracker import ConsensusMatrix, Event, RecordDiff

JSON = "application/json"


def json_bytes(data: Any) -> bytes:
    return json_text(data).encode("utf-8")


def json_response(data: Any, status_code: int = 200) -> Response:
    """A response whose body is exactly the text the CLI prints for ``data``."""
    return Response(json_bytes(data), status_code=status_code, media_type=JSON)


def analysis_json(analysis: Analysis) -> bytes:
    """``accord analyze --json``."""
    return json_bytes(analysis.to_dict())


def explanation_json(explanation: Explanation) -> bytes:
    """``accord explain --json``."""
    return json_bytes(explanation.to_dict())


def proposal_json(proposals: Proposals) -> bytes:
    """``accord propose --json``."""
    return json_bytes(proposals.to_dict())


def matrix_json(matrix: ConsensusMatrix) -> bytes:
    """``accord track matrix --json``."""
    return json_bytes(matrix.to_dict())


def timeline_json(events: list[Event]) -> bytes:
    """``accord track timeline --json``."""
    return json_bytes([event.to_dict() for event in events])


def diff_data(diff: RecordDiff, *, with_analysis: bool) -> dict[str, Any]:
    """``accord track diff --json``; without the analysis for those who may not see the preferences."""
    data = diff.to_dict()
    if not with_analysis:
        data.pop("analysis")
    return data
