"""The dashboard's Plotly figures as plain dictionaries, built from the typed outputs of the library.

Only ordinary SVG traces (heatmap, scatter, bar): no WebGL, so every figure draws in any browser, headless
ones included, and needs no ``eval``. Plotly reads a few tags in its text (``<b>``, ``<a>``); user text goes
through :func:`plain` first, so it is shown as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from accord.analysis.outputs import (
    AnalysisOutput,
    ExplanationOutput,
    OddsOutput,
    PackageEntry,
    RobustnessOutput,
)
from accord.analysis.table import PackageSample
from accord.tracker import Event
from accord.tracker.outputs import MatrixOutput

Figure = dict[str, Any]
STATUS_CODE = {"rejected": 0.0, "open": 1.0, "proposed": 2.0, "agreed": 3.0}
STATUS_COLOURS = [[0.0, "#c0392b"], [0.33, "#d5d8dc"], [0.66, "#f4d03f"], [1.0, "#27ae60"]]
SOLUTIONS = {
    "nash": ("Nash", "star"),
    "kalai_smorodinsky": ("Kalai-Smorodinsky", "diamond"),
    "egalitarian": ("egalitarian", "square"),
    "utilitarian": ("utilitarian", "triangle-up"),
}
PUT_FORWARD = frozenset({"offered", "drafted", "proposed"})
"""The events that put a package on the table (responses and votes repeat it)."""
MARGIN = {"l": 60, "r": 20, "t": 30, "b": 50}


DRAWN = 400
"""Most frontier packages drawn in the plots of three or more parties (evenly spread; the count is stated)."""


def drawn(frontier: Sequence[PackageEntry], limit: int = DRAWN) -> list[PackageEntry]:
    """At most ``limit`` packages of a frontier, evenly spread along it (in the order of the first party's
    utility), so that a browser draws a frontier of thousands of packages quickly."""
    if len(frontier) <= limit:
        return list(frontier)
    ordered = sorted(frontier, key=lambda e: tuple(e.utilities.values()))
    step = len(ordered) / limit
    return [ordered[int(i * step)] for i in range(limit)]


def plain(text: str) -> str:
    """User text as Plotly shows it literally (its tags and entities escaped)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def matrix_figure(matrix: MatrixOutput) -> Figure:
    """Points x parties coloured by status, each cell labelled with its option (the agreed one marked)."""
    rows = list(reversed(matrix.points))
    z, text = [], []
    for row in rows:
        cells = [row.cells.get(party) for party in matrix.parties]
        z.append([STATUS_CODE[(c.status.value if c else "open")] for c in cells])
        text.append([_cell_text(c.status.value, c.option) if c else "open" for c in cells])
    trace = {
        "type": "heatmap",
        "x": [plain(p) for p in matrix.parties],
        "y": [plain(f"{r.number}. {r.title}") for r in rows],
        "z": z,
        "text": text,
        "texttemplate": "%{text}",
        "hovertemplate": "%{y}<br>%{x}: %{text}<extra></extra>",
        "zmin": 0,
        "zmax": 3,
        "colorscale": STATUS_COLOURS,
        "showscale": False,
        "xgap": 2,
        "ygap": 2,
    }
    height = 80 + 34 * max(len(rows), 1)
    return {"data": [trace], "layout": {"margin": MARGIN | {"l": 220}, "height": height}}


def _cell_text(status: str, option: str | None) -> str:
    shown = f"{status}: {plain(option)}" if option else status
    return f"✔ {shown}" if status == "agreed" else shown


def timeline_figure(events: Sequence[Event]) -> Figure:
    """Meetings, statements and status changes by date, one row per kind."""
    traces = []
    for kind in ("meeting", "statement", "status"):
        chosen = [e for e in events if e.kind.value == kind]
        traces.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": kind,
                "x": [e.date.isoformat() for e in chosen],
                "y": [kind] * len(chosen),
                "text": [plain(f"{e.subject}: {e.summary}")[:200] for e in chosen],
                "hovertemplate": "%{x}<br>%{text}<extra></extra>",
                "marker": {"size": 11},
            }
        )
    return {"data": traces, "layout": {"margin": MARGIN, "height": 220, "showlegend": False}}


def _solution_traces(analysis: AnalysisOutput, axes: tuple[str, str] | None = None) -> list[dict[str, Any]]:
    traces = []
    for key, (label, symbol) in SOLUTIONS.items():
        entry: PackageEntry | None = getattr(analysis.solutions, key)
        if entry is None:
            continue
        trace: dict[str, Any] = {"type": "scatter", "mode": "markers", "name": label, "legendgroup": key}
        if axes is not None:
            trace |= {"x": [entry.utilities[axes[0]]], "y": [entry.utilities[axes[1]]]}
        traces.append(trace | {"marker": {"size": 14, "symbol": symbol, "line": {"width": 1}}})
    return traces


def utility_space_figure(analysis: AnalysisOutput, sample: PackageSample) -> Figure:
    """Two parties: the packages (or a sample), the frontier, the zone, the reservation lines and the four
    bargaining solutions."""
    a, b = analysis.parties
    accepted = sample.in_zone
    u = sample.utilities
    frontier = sorted(analysis.frontier, key=lambda e: e.utilities[a])
    reservation = analysis.rule.reservation
    data: list[dict[str, Any]] = [
        _points("packages", u[0][~accepted], u[1][~accepted], "#aab7b8"),
        _points("in the zone", u[0][accepted], u[1][accepted], "#2e86c1"),
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": "Pareto frontier",
            "x": [e.utilities[a] for e in frontier],
            "y": [e.utilities[b] for e in frontier],
            "line": {"color": "#1b2631"},
        },
        *_solution_traces(analysis, (a, b)),
    ]
    shapes = [
        {"type": "line", "x0": reservation[a], "x1": reservation[a], "y0": 0, "y1": 1, "yref": "paper"},
        {"type": "line", "y0": reservation[b], "y1": reservation[b], "x0": 0, "x1": 1, "xref": "paper"},
    ]
    for shape in shapes:
        shape["line"] = {"dash": "dash", "color": "#c0392b"}
    layout = {
        "margin": MARGIN,
        "height": 480,
        "xaxis": {"title": {"text": plain(a)}, "range": [0, 1.02]},
        "yaxis": {"title": {"text": plain(b)}, "range": [0, 1.02]},
        "shapes": shapes,
    }
    return {"data": data, "layout": layout}


def _points(name: str, x: Any, y: Any, colour: str) -> dict[str, Any]:
    return {
        "type": "scatter",
        "mode": "markers",
        "name": name,
        "x": [round(float(v), 4) for v in x],
        "y": [round(float(v), 4) for v in y],
        "marker": {"size": 5, "color": colour, "opacity": 0.6},
    }


def parallel_figure(analysis: AnalysisOutput) -> Figure:
    """Three or more parties: each frontier package a line across the parties' utility axes (drawn with
    plain lines, not WebGL), the fair packages in colour."""
    parties = analysis.parties
    axis = [plain(p) for p in parties]
    xs: list[str | None] = []
    ys: list[float | None] = []
    frontier = drawn(analysis.frontier)
    for entry in frontier:
        xs += [*axis, None]
        ys += [*(entry.utilities[p] for p in parties), None]
    data: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "mode": "lines",
            "name": f"frontier ({len(frontier)} of {len(analysis.frontier)} packages)",
            "x": xs,
            "y": ys,
            "line": {"color": "rgba(93,109,126,0.35)", "width": 1},
        }
    ]
    for trace in _solution_traces(analysis):
        entry = getattr(analysis.solutions, trace["legendgroup"])
        data.append(trace | {"mode": "lines+markers", "x": axis, "y": [entry.utilities[p] for p in parties]})
    layout = {"margin": MARGIN, "height": 420, "yaxis": {"title": {"text": "utility"}, "range": [0, 1.02]}}
    return {"data": data, "layout": layout}


def pairs_figure(analysis: AnalysisOutput) -> Figure:
    """Three or more parties: the frontier seen by every pair of parties (a scatter matrix, lower triangle),
    the fair packages highlighted."""
    parties = analysis.parties
    frontier = drawn(analysis.frontier)
    n = len(parties) - 1
    data: list[dict[str, Any]] = []
    layout: dict[str, Any] = {"margin": MARGIN, "height": 160 * n + 80, "showlegend": False}
    gap = 0.04
    size = (1 - gap * (n - 1)) / n
    for row in range(n):
        for col in range(row + 1):
            a, b = parties[col], parties[row + 1]
            number = row * n + col + 1
            x, y = ("x", "y") if number == 1 else (f"x{number}", f"y{number}")
            data.append(
                _points(
                    "frontier",
                    [e.utilities[a] for e in frontier],
                    [e.utilities[b] for e in frontier],
                    "#5d6d7e",
                )
                | {"xaxis": x, "yaxis": y}
            )
            for trace in _solution_traces(analysis, (a, b)):
                data.append(trace | {"xaxis": x, "yaxis": y})
            left, top = col * (size + gap), 1 - row * (size + gap)
            suffix = "" if number == 1 else str(number)
            layout[f"xaxis{suffix}"] = {
                "domain": [left, left + size],
                "anchor": y,
                "range": [0, 1.05],
                "title": {"text": plain(a)} if row == n - 1 else {},
            }
            layout[f"yaxis{suffix}"] = {
                "domain": [top - size, top],
                "anchor": x,
                "range": [0, 1.05],
                "title": {"text": plain(b)} if col == 0 else {},
            }
    return {"data": data, "layout": layout}


def concessions_figure(explanation: ExplanationOutput) -> Figure:
    """How far each party would have to move: the utility it gives up under the cheapest concessions."""
    shortfall = {party: 0.0 for party in explanation.parties}
    for concession in explanation.concessions[:1]:
        for move in concession.moves:
            shortfall[move.party] = shortfall.get(move.party, 0.0) + max(0.0, move.level - move.value)
    trace = {
        "type": "bar",
        "x": [plain(p) for p in shortfall],
        "y": [round(v, 4) for v in shortfall.values()],
        "marker": {"color": "#e67e22"},
        "hovertemplate": "%{x}: %{y:.3f}<extra></extra>",
    }
    layout = {"margin": MARGIN, "height": 320, "yaxis": {"title": {"text": "how far it would move"}}}
    return {"data": [trace], "layout": layout}


def dance_figure(steps: Sequence[dict[str, Any]], parties: Sequence[str], run: str = "run 0") -> Figure:
    """The negotiation dance: each party's utility of every package put forward (offered, drafted or
    proposed), by step of the run, the agreement (if any) marked."""
    shown = [(i, s) for i, s in enumerate(steps) if s["utilities"] is not None and s["kind"] in PUT_FORWARD]
    data: list[dict[str, Any]] = [
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": plain(party),
            "x": [i for i, _ in shown],
            "y": [round(s["utilities"][party], 4) for _, s in shown],
            "text": [
                plain(f"round {s['round']}: {s['kind']} by {s.get('party') or 'the mediator'}")
                for _, s in shown
            ],
            "hovertemplate": "%{text}<br>utility %{y:.3f}<extra></extra>",
        }
        for party in parties
    ]
    end = steps[-1] if steps else None
    if end is not None and end.get("agreement") and end["utilities"] is not None:
        data.append(
            {
                "type": "scatter",
                "mode": "markers",
                "name": "agreement",
                "x": [len(steps) - 1] * len(parties),
                "y": [round(end["utilities"][p], 4) for p in parties],
                "marker": {"size": 14, "symbol": "star", "color": "#27ae60"},
            }
        )
    layout = {
        "margin": MARGIN,
        "height": 380,
        "xaxis": {"title": {"text": f"step of {run}"}},
        "yaxis": {"title": {"text": "utility"}, "range": [0, 1.02]},
    }
    return {"data": data, "layout": layout}


def convergence_figure(robustness: RobustnessOutput) -> Figure:
    """The probability that a zone exists on the first n samples, with its 95 % interval as a band, as n
    grows (``convergence`` of ``accord robustness --json``)."""
    steps = robustness.convergence
    x = [c.samples for c in steps]
    band = {"type": "scatter", "mode": "lines", "x": x, "line": {"width": 0}, "hoverinfo": "skip"}
    data: list[dict[str, Any]] = [
        band | {"name": "95 % interval, high", "y": [c.high for c in steps], "showlegend": False},
        band
        | {
            "name": "95 % interval",
            "y": [c.low for c in steps],
            "fill": "tonexty",
            "fillcolor": "rgba(46,134,193,0.25)",
        },
        {
            "type": "scatter",
            "mode": "lines+markers",
            "name": "P(a zone exists)",
            "x": x,
            "y": [c.estimate for c in steps],
            "customdata": [[c.low, c.high] for c in steps],
            "line": {"color": "#2e86c1"},
            "hovertemplate": "%{x} samples: %{y:.3f} (%{customdata[0]:.3f} to %{customdata[1]:.3f})"
            "<extra></extra>",
        },
    ]
    layout = {
        "margin": MARGIN,
        "height": 340,
        "xaxis": {"title": {"text": "samples"}, "type": "log"},
        "yaxis": {"title": {"text": "probability that a zone exists"}, "range": [0, 1.02]},
    }
    return {"data": data, "layout": layout}


def acceptance_figure(rows: Sequence[tuple[str, OddsOutput]], parties: Sequence[str]) -> Figure:
    """Packages (labelled rows, the most robust first) x parties: the probability that each party accepts
    the package, and that every needed party does (the last column)."""
    columns = [plain(p) for p in parties] + ["all needed"]
    shown = list(reversed(rows))
    z = [[odds.p_accept[p] for p in parties] + [odds.p_all_accept] for _, odds in shown]
    trace = {
        "type": "heatmap",
        "x": columns,
        "y": [plain(label) for label, _ in shown],
        "z": z,
        "text": [[f"{v:.2f}" for v in row] for row in z],
        "texttemplate": "%{text}",
        "customdata": [[_options(odds)] * len(columns) for _, odds in shown],
        "hovertemplate": "%{y}, %{x}: %{z:.3f}<br>%{customdata}<extra></extra>",
        "zmin": 0,
        "zmax": 1,
        "colorscale": "Blues",
        "xgap": 2,
        "ygap": 2,
    }
    height = 90 + 28 * max(len(shown), 1)
    return {"data": [trace], "layout": {"margin": MARGIN | {"l": 110}, "height": height}}


def _options(odds: OddsOutput) -> str:
    return plain("; ".join(f"{point}: {option}" for point, option in odds.package.items()))


LEADING = 10
"""Inputs shown in the tornado chart (the most influential)."""


def tornado_figure(robustness: RobustnessOutput, limit: int = LEADING) -> Figure:
    """The inputs that drive the verdict, the most influential on top: each one's first-order index on the
    verdict and on the most robust package's acceptance, its tipping value (where searched) as the label."""
    leading = list(reversed(robustness.sensitivity[:limit]))
    names = [plain(i.input.removeprefix("preferences.")) for i in leading]
    tipping = ["" if i.tipping_value is None else f"flips at {i.tipping_value:.4g}" for i in leading]
    bar = {"type": "bar", "orientation": "h", "y": names}
    data = [
        bar
        | {
            "name": "on the verdict (a zone exists)",
            "x": [i.index for i in leading],
            "text": tipping,
            "textposition": "outside",
            "marker": {"color": "#e67e22"},
            "hovertemplate": "%{y}: %{x:.3f} %{text}<extra></extra>",
        },
        bar
        | {
            "name": "on the most robust package's acceptance",
            "x": [i.acceptance_index for i in leading],
            "marker": {"color": "#5d6d7e"},
            "hovertemplate": "%{y}: %{x:.3f}<extra></extra>",
        },
    ]
    layout = {
        "margin": MARGIN | {"l": 320},
        "height": 120 + 44 * max(len(leading), 1),
        "barmode": "group",
        "xaxis": {"title": {"text": "first-order sensitivity index"}, "range": [0, 1.15]},
        "legend": {"orientation": "h", "y": -0.25},
    }
    return {"data": data, "layout": layout}
