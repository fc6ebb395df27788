"""schemathesis against the running server's OpenAPI description, with a mediator's token, on SQLite and on
PostgreSQL: no server error and no response outside its declared schema, over at least 500 generated requests
on each."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from accord.service.users import add_user
from tests.service.conftest import Running

MIN_REQUESTS = 500


@pytest.mark.slow
def test_generated_requests_get_no_server_error_and_match_their_schema(
    server: Running, tmp_path: Path
) -> None:
    token = add_user(server.db, "fuzzer", "mediator", talks=1)
    # The API's description needs a token like every route but health and sign-in.
    assert httpx.get(f"{server.url}/openapi.json", timeout=30).status_code == 401
    described = httpx.get(
        f"{server.url}/openapi.json", headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    assert described.status_code == 200
    schema = tmp_path / "openapi.json"
    schema.write_text(described.text, encoding="utf-8")
    root = server.url.removesuffix("/api/v1")
    result = subprocess.run(
        [
            sys.executable, "-m", "schemathesis.cli", "run", str(schema), "--url", root,
            "--header", f"Authorization: Bearer {token}",
            "--checks", "not_a_server_error,response_schema_conformance",
            "--phases", "examples,fuzzing", "--max-examples", "30", "--seed", "1",
            "--report-dir", str(tmp_path),
        ],
        capture_output=True, text=True, check=False, cwd=tmp_path,
    )  # fmt: skip
    output = result.stdout + result.stderr
    generated = re.search(r"(\d+) generated", output)
    assert generated is not None, output[-3000:]
    assert int(generated.group(1)) >= MIN_REQUESTS, output[-3000:]
    assert result.returncode == 0, output[-6000:]
