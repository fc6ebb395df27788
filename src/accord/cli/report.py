"""Readable Rich reports: where the talks stand, and what the analysis found."""

from __future__ import annotations

from collections.abc import Iterable

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from accord.analysis.analyze import SOLUTIONS, Analysis
from accord.analysis.explain import SCALES, Explanation
from accord.analysis.outputs import shown
from accord.analysis.program import Group as ProgramGroup
from accord.analysis.propose import Proposal, Proposals
from accord.cli.console import literal
from accord.model.record import Assumption
from accord.model.scenario import Scenario
from accord.model.status import State, point_status

_STATE_STYLE = {State.AGREED: "green", State.PARTIAL: "yellow", State.CONTESTED: "red", State.OPEN: "red"}
_SOLUTION_NAMES = {
    "nash": "Nash",
    "kalai_smorodinsky": "Kalai-Smorodinsky",
    "egalitarian": "Egalitarian",
    "utilitarian": "Utilitarian",
}
_SOLUTION_CAPTION = (
    "Nash: largest product of gains over reservation values. Kalai-Smorodinsky: gains in proportion to each "
    "party's ideal gain. Egalitarian: leximin of gains. Utilitarian: largest total utility."
)


def standing(scenario: Scenario) -> RenderableType:
    """Documents and points by status, meetings and statements."""
    parts: list[RenderableType] = [literal(scenario.title, style="bold")]
    status = point_status(scenario)
    for document in scenario.documents:
        table = Table(title=literal(document.title), title_justify="left", expand=False)
        table.add_column("#", justify="right")
        table.add_column("Point")
        table.add_column("Status")
        table.add_column("Agreed so far")
        for entry in (s for s in status if s.document == document.id):
            agreed = ", ".join(f"{party}: {option}" for party, option in entry.agreed_by.items()) or "-"
            table.add_row(
                str(entry.number),
                literal(entry.title),
                Text(entry.state, style=_STATE_STYLE[entry.state]),
                literal(agreed),
            )
        parts.append(table)
    if scenario.meetings:
        meetings = Table(title="Meetings", title_justify="left")
        for column in ("Date", "Venue", "Participants", "Format", "Status"):
            meetings.add_column(column)
        for m in scenario.meetings:
            meetings.add_row(
                m.date.isoformat() if m.date else "not set",
                literal(m.venue),
                literal(", ".join(m.participants)),
                "bilateral" if m.bilateral else "multilateral",
                m.status,
            )
        parts.append(meetings)
    if scenario.statements:
        statements = Table(title="Statements", title_justify="left")
        for column in ("Date", "Speaker", "Stance"):
            statements.add_column(column)
        statements.add_column("Statement", ratio=1, min_width=40)
        for s in scenario.statements:
            statements.add_row(
                s.date.isoformat(), literal(f"{s.speaker} ({s.party})"), s.stance, literal(s.text)
            )
        parts.append(statements)
    return Group(*parts)


def analysis_report(analysis: Analysis, *, top: int = 10) -> RenderableType:
    """Zone, solutions and frontier, and the assumptions they rest on."""
    zone = analysis.zone
    compiled = analysis.compiled
    parties = ", ".join(analysis.parties)
    size = f"{compiled.n_packages:,} packages over {len(compiled.points)} points"
    parts: list[RenderableType] = [
        Text(f"Analysis ({analysis.engine}): {size}; agreement needs {compiled.quorum} of {parties}.")
    ]
    accepted = Table(title="Parties", title_justify="left")
    accepted.add_column("Party")
    accepted.add_column("Reservation", justify="right")
    if zone.accepted_by is not None:
        accepted.add_column("Packages it accepts", justify="right")
    for p, party in enumerate(analysis.parties):
        counts = [] if zone.accepted_by is None else [f"{zone.accepted_by[party]:,}"]
        accepted.add_row(party, f"{shown(compiled.reservation[p]):.3g}", *counts)
    parts.append(accepted)
    if zone.empty:
        parts.append(
            Text(
                f"No package is acceptable to every party the agreement rule needs ({parties}): "
                "the agreement zone is empty. There is no fair package to propose under these assumptions.",
                style="bold red",
            )
        )
    else:
        holds = "is not empty" if zone.size is None else f"holds {zone.size:,} packages"
        parts.append(Text(f"The agreement zone {holds}.", style="bold green"))
        parts.append(_solutions_table(analysis))
    parts.append(_frontier_table(analysis, top))
    parts.append(assumptions_panel(analysis.assumptions))
    return Group(*parts)


def _solutions_table(analysis: Analysis) -> Table:
    table = Table(
        title="Fair and efficient packages in the zone",
        caption=_SOLUTION_CAPTION,
        title_justify="left",
        caption_justify="left",
    )
    table.add_column("Point")
    entries = {name: analysis.solution(name) for name in SOLUTIONS}
    for name in SOLUTIONS:
        table.add_column(_SOLUTION_NAMES[name])
    for point in analysis.compiled.points:
        table.add_row(point, *("-" if entry is None else entry.package[point] for entry in entries.values()))
    for party in analysis.parties:
        table.add_row(
            Text(f"utility of {party}", style="italic"),
            *("-" if entry is None else f"{entry.utilities[party]:.3f}" for entry in entries.values()),
        )
    return table


def _frontier_table(analysis: Analysis, top: int) -> Table:
    frontier = analysis.frontier
    scope = "the whole space (the zone is empty)" if analysis.zone.empty else "the agreement zone"
    if not analysis.frontier_complete:
        scope += " (points spread over it, not all of it)"
    order = frontier.utilities.sum(axis=1).argsort(kind="stable")[::-1][:top]
    table = Table(
        min_width=60,
        title=f"Pareto frontier of {scope}: {len(frontier):,} packages; {len(order)} of largest total",
        caption=f"Options in point order: {', '.join(analysis.compiled.points)}",
        title_justify="left",
        caption_justify="left",
    )
    table.add_column("Package", ratio=1)
    for party in analysis.parties:
        table.add_column(party, justify="right")
    for row in order:
        package = analysis.compiled.package(frontier.choices[row])
        table.add_row(" · ".join(package.values()), *(f"{shown(u):.3f}" for u in frontier.utilities[row]))
    return table


def assumptions_panel(assumptions: tuple[Assumption, ...]) -> RenderableType:
    if not assumptions:
        return Text("These results rest on no declared assumption.", style="dim")
    # a one-column table, not a Panel: a Panel is measured at its content's full width, so a report written
    # to a file would be as wide as the longest assumption
    table = Table(
        title="These results rest on illustrative assumptions",
        title_justify="left",
        show_header=False,
        box=box.ROUNDED,
        style="yellow",
        expand=True,
    )
    table.add_column(ratio=1)
    for assumption in assumptions:
        table.add_row(literal(f"- {assumption.id}: {assumption.text}"))
    return table


SHOWN_SETS = 5
"""Conflicts and corrections listed in the readable report (all of them in --json)."""


def explanation_report(explanation: Explanation) -> RenderableType:
    """Conflicts, corrections and concessions (empty zone), or the binding red lines (open zone); a table
    with nothing to list is left out."""
    parts: list[RenderableType] = [Text(explanation.summary(), style="bold")]
    if not explanation.empty:
        return Group(*parts)
    ranked = sorted(explanation.conflicts, key=len)
    tables = (
        _sets_table(
            "Conflicts: sets of constraints that cannot all hold (smallest first)", "Constraints", ranked
        ),
        _sets_table(
            "Corrections: the smallest sets of constraints whose removal opens the zone",
            "Drop",
            explanation.corrections,
        ),
    )
    parts += [table for table in tables if table.row_count]
    if not explanation.complete:
        parts.append(
            Text("More corrections exist than listed; one conflict shown, found by a deletion filter.")
        )
    if explanation.concessions:
        parts.append(_concessions_table(explanation))
    return Group(*parts)


def _sets_table(title: str, heading: str, sets: list[frozenset[ProgramGroup]]) -> Table:
    table = Table(title=title, title_justify="left")
    table.add_column("#", justify="right")
    table.add_column(heading)
    for i, constraints in enumerate(sets[:SHOWN_SETS], start=1):
        table.add_row(str(i), "; ".join(str(g) for g in sorted(constraints)))
    if len(sets) > SHOWN_SETS:
        table.caption = f"and {len(sets) - SHOWN_SETS} larger ones (--json lists them all)"
    return table


def _concessions_table(explanation: Explanation) -> Table:
    table = Table(
        title="Concessions: lowering reservation values and thresholds",
        caption=SCALES,
        title_justify="left",
        caption_justify="left",
    )
    table.add_column("Who may move")
    table.add_column("Least")
    table.add_column("What each would have to accept")
    table.add_column("Package that opens", ratio=1)
    every = set(explanation.compiled.parties)
    for concession in explanation.concessions:
        movers = concession.movers
        who = "any party" if set(movers) == every else f"only {', '.join(movers)}"
        package = " · ".join(explanation.compiled.package(concession.choice).values())
        table.add_row(who, f"{concession.objective} lowering", str(concession), package)
    return table


def proposal_report(proposals: Proposals) -> RenderableType:
    """The single text (first, whose red lines it crosses), the best text crossing none if it crosses some,
    and the improvement of an agreement."""
    compiled = proposals.compiled
    text, within = proposals.text, proposals.within_red_lines
    columns = {"Single negotiating text": text}
    if within is not None:
        columns["Crossing no red line"] = within
    table = Table(title="The mediator's proposals", title_justify="left")
    table.add_column("Point")
    for heading in columns:
        table.add_column(heading)
    agreement = None if proposals.agreement is None else compiled.package(proposals.agreement)
    if agreement is not None:
        table.add_column("Agreement")
        table.add_column("Improvement")
    improved = proposals.improved
    for k, point in enumerate(compiled.points):
        row = [point, *(compiled.options[k][proposal.choice[k]] for proposal in columns.values())]
        if agreement is not None:
            row += [agreement[point], "-" if improved is None else compiled.options[k][improved.choice[k]]]
        table.add_row(*row)
    for p, party in enumerate(compiled.parties):
        row = [
            Text(f"gain of {party}", style="italic"),
            *(f"{shown(x.gains[p]):+.3f}" for x in columns.values()),
        ]
        if agreement is not None:
            row += ["", "-" if improved is None else f"{shown(improved.gains[p]):+.3f}"]
        table.add_row(*row)
    parts: list[RenderableType] = [*_crossings(text, within), table]
    if within is not None and within.reopens:
        reopened = _listed(f"{s.party}'s agreement on {s.point} ({s.option})" for s in within.reopens)
        parts.append(literal(f"The text crossing no red line sets aside what was agreed: {reopened}."))
    if agreement is not None and improved is None:
        parts.append(Text("No package improves on the agreement for some party without another losing."))
    return Group(*parts)


def _crossings(text: Proposal, within: Proposal | None) -> list[RenderableType]:
    """Whose red lines the single text crosses, said first; and whether a text crossing none exists."""
    if not text.crosses:
        return []
    crossed = _listed(f"{s.party}'s red line on {s.point} ({s.option})" for s in text.crosses)
    setting_aside = "Red lines and agreed points leave no package, so the single text sets red lines aside"
    said: list[RenderableType] = [literal(f"{setting_aside}: it crosses {crossed}.", style="bold red")]
    if within is None:
        said.append(Text("No package respects every red line, even with what was agreed set aside."))
    return said


def _listed(items: Iterable[str]) -> str:
    names = list(items)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
