"""``accord schema``: the JSON Schema of the scenario format, or of one of Accord's output formats."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import typer
from pydantic import BaseModel

from accord.analysis.forecast.scenario import ScenarioForecast
from accord.analysis.outputs import AnalysisOutput, ExplanationOutput, ProposalOutput, RobustnessOutput
from accord.cli.console import err, report_errors, write_json
from accord.model.errors import AccordError
from accord.model.output import output_schema
from accord.model.schema import schema_text
from accord.model.target import write_atomically
from accord.tournaments.outputs import SimulationOutput, TournamentOutput
from accord.tracker.outputs import MatrixOutput
from accord.tracker.record import RecordData

OUTPUTS: dict[str, tuple[type[BaseModel], str]] = {
    "analysis": (AnalysisOutput, "accord-analysis/1"),
    "explanation": (ExplanationOutput, "accord-explanation/1"),
    "proposal": (ProposalOutput, "accord-proposal/1"),
    "robustness": (RobustnessOutput, "accord-robustness/1"),
    "record": (RecordData, "accord-record/1"),
    "matrix": (MatrixOutput, "accord-matrix/1"),
    "simulation": (SimulationOutput, "accord-simulation/1"),
    "tournament": (TournamentOutput, "accord-tournament/1"),
    "forecast": (ScenarioForecast, "accord-forecast/1"),
}
"""Every output format by the name ``--output`` takes: its model and its ``format`` string."""


def output_schema_text(name: str) -> str:
    """The JSON Schema of an output format (or of scenario files for ``scenario``), as published."""
    if name == "scenario":
        return schema_text()
    model, fmt = OUTPUTS[name]
    return _text(output_schema(model, name, fmt))


def published_output_schema(name: str) -> str:
    """The schema file of an output format shipped in the package (``schemas/accord-NAME-1.schema.json``)."""
    path = resources.files("accord") / "schemas" / f"accord-{name}-1.schema.json"
    return path.read_text(encoding="utf-8")


def _text(schema: dict[str, Any]) -> str:
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


@report_errors
def schema_command(
    kind: Annotated[
        str,
        typer.Option(
            "--output",
            help=f"Which schema: scenario (the file format; default) or an output ({', '.join(OUTPUTS)}).",
        ),
    ] = "scenario",
    file: Annotated[Path | None, typer.Option("-o", "--file", help="Write to this file.")] = None,
) -> None:
    """Print the JSON Schema (draft 2020-12) of scenario files or of an output format, or write it to a
    file."""
    if kind != "scenario" and kind not in OUTPUTS:
        raise AccordError(f"--output: unknown schema '{kind}' (scenario, {', '.join(OUTPUTS)})")
    text = output_schema_text(kind)
    if file is None:
        write_json(text)
    else:
        write_atomically(file, text)
        err.print(f"wrote {file}", markup=False)
