"""Reading and writing scenario files: every malformed file reports each problem where it is; valid files
round trip through YAML and JSON unchanged."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from accord.model.errors import Problem, ScenarioError
from accord.model.files import MAX_DEPTH, dump_scenario, load_scenario, parse_scenario, save_scenario

HERE = Path(__file__).parent
MALFORMED = HERE / "malformed"
VALID = HERE / "valid"

EXPECTED: dict[str, list[str]] = YAML(typ="safe").load(MALFORMED / "expected.yaml")
"""For each malformed file, its problems as `LINE:COLUMN: field.path: message` (checked by eye)."""

CORPUS = sorted(path for path in MALFORMED.iterdir() if path.name != "expected.yaml")
VALID_FILES = sorted(VALID.glob("*.yaml"))


def problems_of(path: Path) -> list[str]:
    """The problem lines loading ``path`` reports; fails the test if it loads or raises anything else."""
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    return [str(problem) for problem in caught.value.problems]


def test_the_corpus_and_its_expectations_name_the_same_files() -> None:
    assert sorted(EXPECTED) == [path.name for path in CORPUS]
    assert len(CORPUS) >= 30


@pytest.mark.parametrize("path", CORPUS, ids=lambda path: path.name)
def test_a_malformed_file_reports_every_problem_where_it_is(path: Path) -> None:
    assert problems_of(path) == [f"{path}:{line}" for line in EXPECTED[path.name]]


def test_the_error_message_is_one_line_per_problem() -> None:
    path = MALFORMED / "several-inconsistencies.yaml"
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    assert str(caught.value).splitlines() == [f"{path}:{line}" for line in EXPECTED[path.name]]


def test_the_corpus_starts_from_a_valid_scenario() -> None:
    scenario = load_scenario(VALID / "ceasefire.yaml")
    assert [party.id for party in scenario.parties] == ["north", "south", "med"]


def test_a_file_over_16_mib_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as file:
        file.truncate(16 * 2**20 + 1)  # sparse: nothing is written to disk
    assert problems_of(path) == [f"{path}:0:0: file is too large (16,777,217 bytes; the limit is 16,777,216)"]


@pytest.mark.slow
def test_a_file_of_exactly_16_mib_is_read(tmp_path: Path) -> None:
    path = tmp_path / "large.yaml"
    path.write_bytes(b"# " + b"x" * (16 * 2**20 - 3) + b"\n")
    assert problems_of(path) == [
        f"{path}:1:1: expected a mapping of scenario fields (format, title, ...), found nothing"
    ]


def test_a_missing_file_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "absent.yaml"
    assert problems_of(path) == [f"{path}:0:0: no such file"]


def test_a_folder_is_reported(tmp_path: Path) -> None:
    assert problems_of(tmp_path) == [f"{tmp_path}:0:0: is a folder, not a scenario file"]


@pytest.mark.parametrize(("source", "start"), [("deep.yaml", "title: "), ("deep.json", '{"title": ')])
def test_values_nested_too_deeply_are_reported_where_the_limit_is_reached(source: str, start: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(start + "[" * 200_000 + "]" * 200_000 + "}" * start.startswith("{"), source)
    # the document itself is the first level: the limit is reached at the last bracket it allows
    column = len(start) + MAX_DEPTH
    assert caught.value.problems == [Problem(source, 1, column, "", "values are nested too deeply")]


def test_windows_line_endings_and_a_byte_order_mark_change_nothing(tmp_path: Path) -> None:
    original = MALFORMED / "unknown-party-in-meeting.yaml"
    path = tmp_path / original.name
    path.write_bytes(b"\xef\xbb\xbf" + original.read_bytes().replace(b"\n", b"\r\n"))
    assert problems_of(path) == [f"{path}:{line}" for line in EXPECTED[original.name]]


def test_json_problems_are_located_by_line_and_column() -> None:
    data = json.loads(dump_scenario(load_scenario(VALID / "ceasefire.yaml"), "json"))
    data["meetings"] = [
        {"id": "m1", "date": "2024-02-01", "venue": "Geneva", "participants": ["north", "west"]}
    ]
    text = json.dumps(data, indent=2)
    lines = text.splitlines()
    line = next(n for n, content in enumerate(lines, 1) if '"west"' in content)
    column = lines[line - 1].index('"west"') + 1
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, "talks.json")
    message = "meetings[0].participants[1]: unknown party 'west'"
    assert [str(p) for p in caught.value.problems] == [f"talks.json:{line}:{column}: {message}"]


def test_a_json_syntax_error_says_json() -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario('{"format": "accord/1",\n  "title": "Talks"\n', "talks.json")
    assert [str(p) for p in caught.value.problems] == [
        "talks.json:1:1: not valid JSON: the file ends before what starts here is closed (an object)"
    ]


def test_json_from_a_source_with_no_file_name_is_read_as_json(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard input (or a string) holding JSON goes to the strict, linear JSON reader, not to YAML's."""
    from accord.model import files

    expected = load_scenario(VALID / "ceasefire.yaml")
    text = dump_scenario(expected, "json")
    readers: list[str] = []

    def spy(name: str) -> Callable[..., Any]:
        real = getattr(files, name)

        def read(*args: Any) -> Any:
            readers.append(name)
            return real(*args)

        return read

    for name in ("read_json", "read_yaml"):
        monkeypatch.setattr(files, name, spy(name))
    assert parse_scenario(text, "<stdin>") == expected
    assert readers == ["read_json"]
    with pytest.raises(ScenarioError) as caught:
        parse_scenario('{"title": ' + "[" * 200_000, "<stdin>")
    assert "nested too deeply" in str(caught.value)
    assert readers == ["read_json", "read_json"]


def test_a_yaml_flow_mapping_from_a_source_with_no_file_name_is_still_yaml() -> None:
    text = dump_scenario(load_scenario(VALID / "ceasefire.yaml"), "json")
    flow = "{" + text.strip()[1:-1].replace('"format"', "format", 1) + "}"  # an unquoted key: YAML, not JSON
    assert parse_scenario(flow, "<stdin>") == load_scenario(VALID / "ceasefire.yaml")


@pytest.mark.parametrize("suffix", [".yaml", ".json"])
@pytest.mark.parametrize("original", VALID_FILES, ids=lambda path: path.name)
def test_a_saved_scenario_loads_back_equal(original: Path, suffix: str, tmp_path: Path) -> None:
    scenario = load_scenario(original)
    path = tmp_path / f"copy{suffix}"
    save_scenario(scenario, path)
    again = load_scenario(path)
    assert again == scenario
    assert again.model_dump() == scenario.model_dump()
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no partial file left behind


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_saving_is_stable(fmt: str) -> None:
    scenario = load_scenario(VALID / "full.yaml")
    text = dump_scenario(scenario, fmt)
    assert dump_scenario(parse_scenario(text, f"copy.{fmt}"), fmt) == text


def test_the_saved_json_is_plain_json(tmp_path: Path) -> None:
    path = tmp_path / "full.json"
    save_scenario(load_scenario(VALID / "full.yaml"), path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "accord/1"
    assert data["agreements"][0]["date"] == "2024-03-01"
    assert "Joint communiqué" in path.read_text(encoding="utf-8")  # not escaped to \u00e9


def test_saving_leaves_out_defaults() -> None:
    text = dump_scenario(load_scenario(VALID / "minimal.yaml"))
    assert "role: negotiating" not in text
    assert "role: mediator" in text
    assert "statements" not in text


def test_an_unknown_output_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown format 'toml'"):
        dump_scenario(load_scenario(VALID / "minimal.yaml"), "toml")


def test_yaml_1_2_keeps_yes_no_on_off_as_option_ids(tmp_path: Path) -> None:
    text = (VALID / "minimal.yaml").read_text(encoding="utf-8")
    for old, new in [
        ("{id: no, label: No}]", "{id: no, label: No}, {id: on, label: On}, {id: off, label: Off}]"),
        ("p2: {yes: 1, no: 0}", "p2: {yes: 1, no: 0, on: 0.5, off: 0.5}"),
        ("p2: {yes: 0.2, no: 1}", "p2: {yes: 0.2, no: 1, on: 0, off: 0}"),
    ]:
        assert old in text
        text = text.replace(old, new)
    scenario = parse_scenario(text)
    assert scenario.point("p2").option_ids() == ("yes", "no", "on", "off")
    assert scenario.preferences["a"].values["p2"] == {"yes": 1, "no": 0, "on": 0.5, "off": 0.5}
    path = tmp_path / "saved.yaml"
    save_scenario(scenario, path)
    assert load_scenario(path).point("p2").option_ids() == ("yes", "no", "on", "off")


def test_true_as_an_option_id_is_a_boolean_and_is_refused() -> None:
    text = (VALID / "minimal.yaml").read_text(encoding="utf-8").replace("{id: yes,", "{id: true,")
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, "talks.yaml")
    assert [p.message for p in caught.value.problems] == ["should be text, found true; put it in quotes"]


def test_at_most_100_problems_are_listed_then_a_line_says_how_many_more() -> None:
    parties = ", ".join(f'{{"id": "p{i}"}}' for i in range(150))
    text = f'{{"format": "accord/1", "title": "Talks", "parties": [{parties}]}}'
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, "many.json")
    lines = [str(p) for p in caught.value.problems]
    assert len(lines) == 101
    assert lines[0].startswith("many.json:1:") and lines[0].endswith(
        "parties[0].name: required field is missing"
    )
    assert lines[-1] == "many.json:0:0: 51 more problems (the first 100 are listed)"


def test_at_most_100_inconsistencies_are_listed() -> None:
    data = json.loads(dump_scenario(load_scenario(VALID / "ceasefire.yaml"), "json"))
    data["parties"] += [{"id": "north", "name": "North"}] * 150
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(json.dumps(data, indent=2), "twice.json")
    lines = [str(p).split(": ", 1)[1] for p in caught.value.problems]
    assert lines[:100] == [f"parties[{i}].id: duplicate party id 'north'" for i in range(3, 103)]
    assert lines[100:] == ["more problems (the first 100 are listed)"]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("a: &a [1, *a]\n", "1:11: not valid YAML: alias '*a' refers to a value that contains it"),
        ("a: *nope\n", "1:4: not valid YAML: alias '*nope' is undefined"),
        (
            "? [a, b]\n: 1\n",
            "1:3: not valid YAML: a key must be a plain value (text or a number), not a list or a mapping",
        ),
        ("a: !foo x\n", "1:4: not valid YAML: tag '!foo' is not one of YAML's core types"),
        ("a: !!set {x}\n", "1:4: not valid YAML: tag '!!set' is not one of YAML's core types"),
        (
            "a: 1\n---\nb: 2\n",
            "2:1: not valid YAML: a scenario file holds one document (found a second '---')",
        ),
    ],
)
def test_yaml_that_would_not_make_plain_data_is_refused_where_it_is(text: str, problem: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        parse_scenario(text, "talks.yaml")
    assert [str(p) for p in caught.value.problems] == [f"talks.yaml:{problem}"]


def test_anchors_aliases_and_merge_keys_read_as_before() -> None:
    text = (VALID / "ceasefire.yaml").read_text(encoding="utf-8")
    text = text.replace("  north:\n    weights:", "  north:\n    reservation: &floor 0.2\n    weights:")
    text = text.replace("  south:\n    weights:", "  south:\n    <<: {reservation: *floor}\n    weights:")
    scenario = parse_scenario(text, "talks.yaml")
    assert scenario.preferences["north"].reservation == scenario.preferences["south"].reservation == 0.2
