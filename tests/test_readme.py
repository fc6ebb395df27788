"""Every command the README shows is run, as a user would type it (the install steps excepted)."""

from __future__ import annotations

import re
import shlex
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.deu_data import TABLE as DEU

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def readme_commands() -> list[str]:
    blocks = re.findall(r"```console\n(.*?)```", README, flags=re.S)
    commands = [line.strip() for block in blocks for line in block.splitlines() if line.strip()]
    # "pip install -e . && accord demo": the install is the set-up, the command after it is what we run here.
    return [command.split("&&")[-1].strip() for command in commands]


def test_readme_has_the_two_setup_commands() -> None:
    blocks = re.findall(r"```console\n(.*?)```", README, flags=re.S)
    assert blocks[0].strip() == "pip install -e . && accord demo"
    assert blocks[1].strip() == "pip install -e '.[dev,bench]' && pytest"
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install -e '.[dev,bench]' && pytest" in ci


@pytest.mark.parametrize("command", [c for c in readme_commands() if c.startswith("accord ")])
def test_readme_command_runs(command: str) -> None:
    result = subprocess.run(shlex.split(command), cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip(), "the command printed nothing"
    assert "Traceback" not in result.stderr


def test_readme_python_example_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code = re.findall(r"```python\n(.*?)```", README, flags=re.S)[0]
    code = code.replace('"examples/peace-talks.yaml"', repr(str(ROOT / "examples" / "peace-talks.yaml")))
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {}
    exec(compile(code, "README.md", "exec"), namespace)
    assert namespace["analysis"].zone.empty
    assert (tmp_path / "talks.json").is_file()


def test_readme_forecast_session_runs(tmp_path: Path) -> None:
    section = README[README.index("## Forecasts") :]
    block = re.search(r"```sh\n(.*?)```", section, flags=re.S)
    assert block is not None
    commands = [line.strip() for line in block.group(1).splitlines() if line.strip()]
    assert len(commands) == 3
    needs_data = [c for c in commands if "../shared/" in c]
    if needs_data and not DEU.is_file():
        pytest.skip(f"{DEU} is not beside this checkout")
    for command in commands:
        argv = shlex.split(command.replace("../shared/data/deu3/deu3-part-a.tsv", str(DEU)))
        argv = [str(tmp_path / a) if a == "deu-scenarios" else a for a in argv]
        result = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False)
        assert result.returncode == 0, f"{command}: {result.stderr}"
        assert result.stdout.strip() or (tmp_path / "deu-scenarios").is_dir()
    assert len(list((tmp_path / "deu-scenarios").iterdir())) > 10
