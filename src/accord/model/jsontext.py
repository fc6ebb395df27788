"""The JSON text of Accord's outputs: what ``--json`` prints and what the service returns, byte for byte."""

from __future__ import annotations

import json
from typing import Any


def json_text(data: Any) -> str:
    """JSON-ready data as text: indented by two spaces, UTF-8 as is (no ``\\u`` escapes), a final newline."""
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"
