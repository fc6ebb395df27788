"""``accord track`` and ``accord analyze --db``: the record from the command line, on both backends; bad input
is one line on stderr, exit code 2, and nothing written."""

from __future__ import annotations

import json
import os
import re
import shlex
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

import accord
from accord.cli import app
from accord.tracker import Store
from accord.tracker.migrate import head

runner = CliRunner()
ROOT = Path(__file__).resolve().parents[2]


def track(db: str, *args: str) -> Result:
    return runner.invoke(app, ["track", *args, "--db", db])


def ok(result: Result) -> Result:
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "talks.db")
    ok(track(path, "load-example", "--author", "analyst"))
    return path


def test_the_record_from_the_command_line(record_url: str) -> None:
    """The whole flow on SQLite and PostgreSQL: load, add, set, read back."""
    expected = f"schema revision {head()}, 0 talks, 0 scenario version(s)"
    assert expected in ok(track(record_url, "init")).stdout
    assert "added 16 status changes, 3 meetings, 6 statements" in ok(track(record_url, "load-example")).stdout
    ok(
        runner.invoke(
            app,
            [
                *("track", "meeting", "add", "--id", "miami", "--venue", "Miami", "--date", "2025-12-27"),
                *("--participants", "united-states,russia", "--status", "held", "--source", "report"),
                *("--db", record_url),
            ],
        )
    )
    ok(
        runner.invoke(
            app,
            [
                *(
                    "track",
                    "status",
                    "set",
                    "--party",
                    "russia",
                    "--point",
                    "territory",
                    "--status",
                    "proposed",
                ),
                *("--option", "cede-claimed", "--date", "2025-12-27", "--source", "Miami readout"),
                *("--db", record_url),
            ],
        )
    )
    meetings = json.loads(ok(track(record_url, "meeting", "list", "--json")).stdout)
    assert {m["meeting"]["id"]: m["meeting"]["status"] for m in meetings} == {
        "berlin": "held",
        "us-december-19": "held",
        "miami": "held",
    }
    matrix = json.loads(ok(track(record_url, "matrix", "--json")).stdout)
    territory = matrix["points"][0]
    assert territory["cells"]["russia"]["status"] == "proposed"
    assert territory["cells"]["russia"]["option"] == "cede-claimed"
    before = json.loads(ok(track(record_url, "matrix", "--json", "--as-of", "2025-12-26")).stdout)
    assert before["points"][0]["cells"]["russia"] is None
    with Store.open(record_url) as store:
        assert matrix == store.matrix().to_dict()


def test_matrix_states_the_article(db: str) -> None:
    data = json.loads(ok(track(db, "matrix", "--json", "--as-of", "2025-12-20")).stdout)
    states = {p["point"]: p["state"] for p in data["points"]}
    assert states.pop("territory") == "open"
    assert set(states.values()) == {"partial"}
    for point in data["points"][1:]:
        assert {party for party, cell in point["cells"].items() if cell} == {"ukraine", "united-states"}
    table = ok(track(db, "matrix")).stdout
    assert "territory" in table and "agreed" in table


def test_timeline_and_statements(db: str) -> None:
    events = json.loads(ok(track(db, "timeline", "--json")).stdout)
    assert events[0]["subject"] == "berlin" and events[0]["date"] == "2025-12-15"
    putin = next(e for e in events if e["subject"] == "putin-no-concession")
    assert "hard-line" in putin["summary"]
    statements = json.loads(ok(track(db, "statement", "list", "--json", "--since", "2025-12-19")).stdout)
    assert len(statements) == 5
    ok(
        runner.invoke(
            app,
            [
                *(
                    "track",
                    "statement",
                    "add",
                    "--party",
                    "russia",
                    "--speaker",
                    "Vladimir Putin",
                    "--text",
                    "No.",
                ),
                *(
                    "--date",
                    "2025-12-23",
                    "--stance",
                    "hard-line",
                    "--points",
                    "territory",
                    "--source",
                    "TASS",
                ),
                *("--id", "putin-23", "--db", db),
            ],
        )
    )
    latest = json.loads(ok(track(db, "statement", "list", "--json", "--since", "2025-12-22")).stdout)
    assert [(s["statement"]["id"], s["statement"]["points"]) for s in latest] == [("putin-23", ["territory"])]


def test_status_history_keeps_every_change(db: str) -> None:
    for status, day in (("proposed", "2025-12-21"), ("rejected", "2025-12-22")):
        ok(
            runner.invoke(
                app,
                [
                    *(
                        "track",
                        "status",
                        "set",
                        "--party",
                        "russia",
                        "--point",
                        "alliance",
                        "--status",
                        status,
                    ),
                    *("--option", "deferred", "--date", day, "--source", "s", "--author", "me", "--db", db),
                ],
            )
        )
    history = json.loads(
        ok(track(db, "status", "history", "--json", "--point", "alliance", "--party", "russia")).stdout
    )
    assert [(h["status"], h["effective"], h["author"]) for h in history] == [
        ("proposed", "2025-12-21", "me"),
        ("rejected", "2025-12-22", "me"),
    ]


BAD = [
    (["--party", "narnia", "--point", "territory", "--status", "open"], "accord: unknown party 'narnia'"),
    (
        ["--party", "russia", "--point", "teritory", "--status", "open"],
        "accord: no point 'teritory' in the scenario",
    ),
    (
        ["--party", "russia", "--point", "territory", "--status", "agreed", "--option", "x"],
        "unknown option 'x'",
    ),
    (["--party", "russia", "--point", "territory", "--status", "agreed"], "needs the option it is about"),
    (["--party", "russia", "--point", "territory", "--status", "accepted"], "unknown status 'accepted'"),
    (["--party", "russia", "--point", "territory", "--status", "open", "--date", "19/12/2025"], "not a date"),
    (
        ["--party", "russia", "--point", "territory", "--status", "open", "--date", "2025-02-30"],
        "not a valid date",
    ),
]


@pytest.mark.parametrize(("args", "message"), BAD, ids=[m.split("'")[0].strip(": ") for _, m in BAD])
def test_bad_status_input_is_one_line_exit_2_and_writes_nothing(
    db: str, args: list[str], message: str
) -> None:
    before = ok(track(db, "export")).stdout
    result = runner.invoke(app, ["track", "status", "set", *args, "--source", "s", "--db", db])
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.output
    assert ok(track(db, "export")).stdout == before


def test_bad_meeting_input_is_one_line(db: str) -> None:
    result = runner.invoke(
        app,
        ["track", "meeting", "add", "--id", "x", "--venue", "Rome", "--participants", "ukraine", "--db", db],
    )
    assert result.exit_code == 2
    assert result.stderr.strip() == "accord: invalid meeting: a held meeting needs a 'date'"


def test_a_missing_record_is_an_error_and_is_not_created(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    for args in (["track", "matrix"], ["track", "timeline"], ["analyze"]):
        result = runner.invoke(app, [*args, "--db", str(missing)])
        assert result.exit_code == 2
        assert f"no record at {missing}" in result.stderr
    assert not missing.exists()


def test_export_import_round_trip(db: str, tmp_path: Path) -> None:
    exported = tmp_path / "record.json"
    ok(runner.invoke(app, ["track", "export", "-o", str(exported), "--db", db]))
    copy = str(tmp_path / "copy.db")
    assert (
        "restored the record"
        in ok(runner.invoke(app, ["track", "import", str(exported), "--db", copy])).stdout
    )
    assert ok(track(copy, "export")).stdout == exported.read_text(encoding="utf-8")
    again = runner.invoke(app, ["track", "import", str(exported), "--db", copy])
    assert again.exit_code == 2 and "only be restored into an empty record" in again.stderr


def test_importing_a_scenario_file_adds_a_version(db: str) -> None:
    result = ok(runner.invoke(app, ["track", "import", str(accord.example_path()), "--db", db]))
    assert "scenario version 2" in result.stdout and "added 0 status changes" in result.stdout
    versions = json.loads(ok(track(db, "versions", "--json")).stdout)
    assert [v["version"] for v in versions] == [1, 2]


def test_importing_a_scenario_from_standard_input(tmp_path: Path) -> None:
    text = accord.example_path().read_text(encoding="utf-8")
    db = str(tmp_path / "stdin.db")
    result = ok(runner.invoke(app, ["track", "import", "-", "--db", db], input=text))
    assert "added 16 status changes, 3 meetings, 6 statements" in result.stdout


def test_diff_since_berlin(db: str) -> None:
    data = json.loads(ok(track(db, "diff", "--since", "2025-12-15", "--json")).stdout)
    assert len(data["status"]) == 16
    assert {m["meeting"] for m in data["meetings"]} == {"us-december-19", "miami"}
    assert "accepted_by" in data["analysis"]["changed"]
    text = " ".join(ok(track(db, "diff", "--since", "2025-12-15")).stdout.split())
    assert "What changed after 2025-12-15" in text and "packages ukraine accepts" in text


def test_analyze_the_record_as_of_a_date(db: str) -> None:
    result = ok(runner.invoke(app, ["analyze", "--db", db, "--as-of", "2025-12-18", "--json"]))
    with Store.open(db) as store:
        expected = accord.analyze(store.scenario_as_of(accord.tracker.parse_date("2025-12-18"))).to_dict()
    assert json.loads(result.stdout) == expected
    latest = json.loads(ok(runner.invoke(app, ["analyze", "--db", db, "--json"])).stdout)
    from_file = json.loads(ok(runner.invoke(app, ["analyze", str(accord.example_path()), "--json"])).stdout)
    assert latest == from_file


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ([], "give a scenario file (or - for standard input), or a record with --db"),
        (["x.yaml", "--db", "y.db"], "give a scenario file or --db, not both"),
        (["x.yaml", "--as-of", "2025-12-01"], "--as-of, --version and --talks read the record"),
    ],
)
def test_analyze_needs_one_source(args: list[str], message: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ACCORD_DB", raising=False)
    result = runner.invoke(app, ["analyze", *args])
    assert result.exit_code == 2
    assert result.stderr.strip() == f"accord: {message}" or message in result.stderr


def test_accord_db_names_the_record(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ACCORD_DB", db)
    data = json.loads(ok(runner.invoke(app, ["track", "matrix", "--json"])).stdout)
    assert data["points"][1]["cells"]["ukraine"]["status"] == "agreed"


def test_python_dash_m_accord_runs_the_cli(db: str) -> None:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    result = subprocess.run(
        [sys.executable, "-m", "accord", "track", "matrix", "--json", "--db", db],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["format"] == "accord-matrix/1"


def test_several_talks_from_the_command_line(db: str) -> None:
    example = str(accord.example_path())
    result = ok(
        runner.invoke(app, ["track", "import", example, "--new-talks", "--title", "Track two", "--db", db])
    )
    assert result.stdout.startswith("talks 2, scenario version 1 in ")
    assert "added 16 status changes, 3 meetings, 6 statements" in result.stdout
    listed = json.loads(ok(track(db, "talks", "--json")).stdout)
    assert [(t["id"], t["title"], t["versions"]) for t in listed] == [
        (1, accord.load(accord.example_path()).title, 1),
        (2, "Track two", 1),
    ]
    assert "2: Track two (opened " in ok(track(db, "talks")).stdout
    refused = track(db, "matrix")
    assert refused.exit_code == 2
    assert refused.stderr.strip() == "accord: this store holds 2 talks (1, 2): choose one with --talks ID"
    ok(
        runner.invoke(
            app,
            [
                *("track", "status", "set", "--party", "russia", "--point", "territory", "--status"),
                *("rejected", "--option", "freeze-line", "--source", "s", "--talks", "2", "--db", db),
            ],
        )
    )
    assert len(json.loads(ok(track(db, "status", "history", "--json", "--talks", "2")).stdout)) == 17
    assert len(json.loads(ok(track(db, "status", "history", "--json", "--talks", "1")).stdout)) == 16
    analysed = ok(runner.invoke(app, ["analyze", "--db", db, "--talks", "1", "--json"])).stdout
    assert json.loads(analysed) == json.loads(ok(runner.invoke(app, ["analyze", example, "--json"])).stdout)
    both = runner.invoke(app, ["track", "import", example, "--new-talks", "--talks", "1", "--db", db])
    assert both.exit_code == 2 and "--new-talks opens another talks: it takes no --talks" in both.stderr


def test_import_dates_the_version(db: str) -> None:
    example = str(accord.example_path())
    ok(runner.invoke(app, ["track", "import", example, "--date", "2026-01-10", "--db", db]))
    versions = json.loads(ok(track(db, "versions", "--json")).stdout)
    assert versions[-1]["effective"] == "2026-01-10"
    assert (
        "2: " in ok(track(db, "versions")).stdout
        and "in force from 2026-01-10" in ok(track(db, "versions")).stdout
    )
    bad = runner.invoke(app, ["track", "import", example, "--date", "10/01/2026", "--db", db])
    assert bad.exit_code == 2 and "--date '10/01/2026' is not a date" in bad.stderr


def test_an_exported_talks_restores_as_new_talks_from_the_command_line(db: str, tmp_path: Path) -> None:
    exported = tmp_path / "record.json"
    ok(runner.invoke(app, ["track", "export", "-o", str(exported), "--db", db]))
    result = ok(runner.invoke(app, ["track", "import", str(exported), "--new-talks", "--db", db]))
    assert result.stdout.strip().endswith("as talks 2")
    assert ok(track(db, "export", "--talks", "2")).stdout == exported.read_text(encoding="utf-8")


def test_the_readable_analysis_of_the_record_states_its_date_and_version(db: str) -> None:
    text = " ".join(ok(runner.invoke(app, ["analyze", "--db", db, "--as-of", "2025-12-18"])).stdout.split())
    assert (
        "Analysed: the record as of 2025-12-18, with scenario version 1 (in force from 2025-12-15)." in text
    )


def test_a_recorded_rejection_is_listed_among_the_assumptions(db: str) -> None:
    ok(
        runner.invoke(
            app,
            [
                *("track", "status", "set", "--party", "russia", "--point", "territory", "--status"),
                *(
                    "rejected",
                    "--option",
                    "cede-claimed",
                    "--date",
                    "2025-12-18",
                    "--source",
                    "Kremlin readout",
                ),
                *("--db", db),
            ],
        )
    )
    shown = ok(runner.invoke(app, ["analyze", "--db", db, "--as-of", "2025-12-18"])).stdout
    text = " ".join(re.sub("[\u2500-\u257f]", " ", shown).split())
    assert "record-red-line-1: russia's recorded rejection on territory is taken as a red line" in text
    data = json.loads(ok(runner.invoke(app, ["analyze", "--db", db, "--json"])).stdout)
    assert "record-red-line-1" in [a["id"] for a in data["assumptions"]]


def test_importing_other_talks_needs_replace(db: str) -> None:
    other = str(ROOT / "tests" / "model" / "valid" / "minimal.yaml")
    refused = runner.invoke(app, ["track", "import", other, "--db", db])
    assert refused.exit_code == 2 and "'Smoke' describes other talks" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    replaced = ok(runner.invoke(app, ["track", "import", other, "--replace", "--db", db])).stdout
    assert "'Smoke' replaces version 1 '" in replaced


def test_read_commands_on_a_damaged_or_foreign_file_are_one_line_exit_2(db: str, tmp_path: Path) -> None:
    data = bytearray(Path(db).read_bytes())
    data[8192:-4096] = b"\xa5" * (len(data) - 12288)
    Path(db).write_bytes(bytes(data))
    foreign = tmp_path / "crm.db"
    connection = sqlite3.connect(foreign)
    connection.execute("CREATE TABLE customers (id INTEGER)")
    connection.close()
    for path in (db, str(foreign)):
        for args in (["track", "matrix"], ["track", "export"], ["analyze"]):
            result = runner.invoke(app, [*args, "--db", path])
            assert result.exit_code == 2, result.output
            assert len(result.stderr.strip().splitlines()) == 1 and "internal error" not in result.stderr


def test_a_text_the_record_cannot_hold_is_one_line_on_both_backends(record_url: str) -> None:
    ok(track(record_url, "load-example"))
    args = ["--party", "russia", "--point", "territory", "--status", "rejected", "--option", "freeze-line"]
    for extra, message in (
        (["--author", "a" * 201], "accord: status change: the author is 201 characters long; at most 200"),
        (["--note", "a\x00b"], "accord: status change: the note contains a NUL character"),
    ):
        result = runner.invoke(
            app, ["track", "status", "set", *args, "--source", "s", *extra, "--db", record_url]
        )
        assert result.exit_code == 2
        assert result.stderr.startswith(message) and len(result.stderr.strip().splitlines()) == 1


def shell_blocks(path: Path) -> list[str]:
    """The ``accord`` commands of a document's ```shell blocks (continuations joined, comments dropped)."""
    blocks = re.findall(r"```shell\n(.*?)```", path.read_text(encoding="utf-8"), flags=re.S)
    lines = "\n".join(blocks).replace("\\\n", " ").splitlines()
    return [line.split(" # ")[0].strip() for line in lines if line.strip().startswith("accord ")]


@pytest.mark.parametrize("document", ["README.md", "docs/tracker.md"])
def test_the_documented_tracker_session_runs(
    document: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    commands = shell_blocks(ROOT / document)
    assert len(commands) >= 5
    monkeypatch.chdir(tmp_path)
    for command in commands:
        result = runner.invoke(app, shlex.split(command)[1:])
        assert result.exit_code == 0, f"{command}: {result.output}"
        assert result.stdout.strip()
    assert (tmp_path / "talks.db").is_file()


def test_export_to_a_missing_folder_is_one_message_before_the_record_is_read(tmp_path: Path) -> None:
    target = tmp_path / "absent" / "record.json"
    result = runner.invoke(app, ["track", "export", "-o", str(target), "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert result.stderr == f"accord: cannot write {target}: folder {target.parent} does not exist\n"


def test_import_reads_a_json_name_only_if_it_is_a_regular_file(db: str, tmp_path: Path) -> None:
    device = tmp_path / "zero.json"
    device.symlink_to("/dev/zero")
    result = track(db, "import", str(device))
    assert result.exit_code == 2
    assert result.stderr == f"{device}:0:0: is a device, not a record or scenario file\n"
