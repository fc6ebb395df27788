"""The README's service session runs as a user would type it: the record, the accounts, ``accord serve``
and the ``curl`` call (made with httpx), on a free port instead of 8000."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import httpx

from tests.service.conftest import start_server

ROOT = Path(__file__).resolve().parents[2]


def service_session() -> list[str]:
    """The commands of the README's ```sh block under "The service" (comments dropped)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## The service") :]
    block = re.search(r"```sh\n(.*?)```", section, flags=re.S)
    assert block is not None, "the README's service section has no ```sh block"
    return [line.split(" # ")[0].strip() for line in block.group(1).splitlines() if line.strip()]


def test_the_readme_service_session_runs(tmp_path: Path) -> None:
    commands = service_session()
    assert [c.split()[:2] for c in commands] == [
        ["accord", "track"],
        ["accord", "users"],
        ["accord", "users"],
        ["accord", "serve"],
        ["curl", "-H"],
    ]
    tokens: list[str] = []
    for command in commands[:3]:
        argv = [sys.executable, "-m", "accord", *shlex.split(command)[1:]]
        result = subprocess.run(argv, cwd=tmp_path, capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr
        if command.startswith("accord users add"):
            (token,) = result.stdout.splitlines()
            tokens.append(token)
    serve = shlex.split(commands[3])
    db = serve[serve.index("--db") + 1]
    running = start_server(str(tmp_path / db))
    try:
        curl = shlex.split(commands[4])
        header = curl[curl.index("-H") + 1].replace("TOKEN", tokens[0])
        name, _, value = header.partition(": ")
        url = curl[-1].replace("http://127.0.0.1:8000/api/v1", running.url)
        response = httpx.get(url, headers={name: value}, timeout=120)
        assert response.status_code == 200, response.text
        assert response.json()["format"] == "accord-analysis/1"
        # The party's token does not open the mediator's analysis.
        refused = httpx.get(url, headers={name: f"Bearer {tokens[1]}"}, timeout=60)
        assert refused.status_code == 403
    finally:
        running.stop()
