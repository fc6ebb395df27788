"""Pages from Jinja2 templates (autoescaped: user text is always data) and Plotly figures as JSON data.

A figure is a plain ``{"data": [...], "layout": {...}}`` dictionary, written into a ``data-figure``
attribute (escaped like any text) and drawn by ``static/dashboard.js`` with the Plotly served by this package:
no inline script, so the content security policy admits scripts from this server only.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, StrictUndefined

from accord import __version__
from accord.service.web.session import CSRF_FIELD, csrf_of

HERE = Path(__file__).parent
PAGE_CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
"""Scripts from this server only; Plotly sets inline styles on the elements it draws."""

templates = Environment(
    loader=FileSystemLoader(HERE / "templates"), autoescape=True, undefined=StrictUndefined
)
templates.filters["figure"] = lambda figure: json.dumps(figure, separators=(",", ":"), allow_nan=False)
templates.filters["number"] = lambda value: f"{value:.3f}"


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    """A page: the template with the request's CSRF token, under the pages' security policy."""
    text = templates.get_template(template).render(
        request=request,
        csrf_field=CSRF_FIELD,
        csrf=context.pop("csrf", None) or csrf_of(request),
        version=__version__,
        **context,
    )
    headers = {"Content-Security-Policy": PAGE_CSP, "Cache-Control": "no-store"}
    return HTMLResponse(text, status_code=status_code, headers=headers)
