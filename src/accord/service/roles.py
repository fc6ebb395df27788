"""Who may do what: the one table of the service's access rules, by route (action) and role.

Roles hold per talks (``mediator``, ``observer``, ``party:ID``) or for the whole server (``admin``). The
``party`` grant lets a party's delegation act on anything in its talks that the route allows parties; the
``own-party`` grant only on its own party (the ``{party}`` of the route's path). Routes marked ``PUBLIC`` need
no token. :func:`accord.service.app.create_app` refuses to start with a route missing from the table, and a
test walks every route against every role.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from accord.model.errors import AccordError


class Role(StrEnum):
    """What an account is, on the server (admin) or in one talks (the others)."""

    ADMIN = "admin"
    MEDIATOR = "mediator"
    OBSERVER = "observer"
    PARTY = "party"


class Grant(StrEnum):
    """Who a route admits."""

    PUBLIC = "public"
    """Anyone, without a token."""
    ADMIN = "admin"
    MEDIATOR = "mediator"
    OBSERVER = "observer"
    PARTY = "party"
    """A party's delegation, on anything of its talks."""
    OWN_PARTY = "own-party"
    """A party's delegation, on its own party only."""
    ANY = "any"
    """Any valid token (what it then sees is scoped to its talks)."""


P, A, M, OB, PA, OWN, ANY = (
    Grant.PUBLIC,
    Grant.ADMIN,
    Grant.MEDIATOR,
    Grant.OBSERVER,
    Grant.PARTY,
    Grant.OWN_PARTY,
    Grant.ANY,
)

ACCESS: dict[str, frozenset[Grant]] = {
    # The service itself
    "health": frozenset({P}),
    "sign-in": frozenset({P}),
    "openapi": frozenset({ANY}),
    "swagger_ui_html": frozenset({ANY}),
    "docs.assets": frozenset({P}),
    "me": frozenset({ANY}),
    # Talks: admins create them; everyone with a role in one sees its public view
    "talks.create": frozenset({A}),
    "talks.list": frozenset({ANY}),
    "talks.read": frozenset({A, M, OB, PA}),
    # The public record: the mediator's office writes it, every role reads it
    "record.meeting.add": frozenset({M}),
    "record.statement.add": frozenset({M}),
    "record.status.set": frozenset({M}),
    "record.timeline": frozenset({A, M, OB, PA}),
    "record.matrix": frozenset({A, M, OB, PA}),
    "record.diff": frozenset({A, M, OB, PA}),
    # Preferences: a party's own, and the mediator
    "preferences.read": frozenset({M, OWN}),
    "preferences.write": frozenset({M, OWN}),
    # Analyses rest on every party's preferences: the mediator only
    "analysis.read": frozenset({M}),
    "explanation.read": frozenset({M}),
    "proposal.create": frozenset({M}),
    # Publications: the mediator publishes, the parties read them with their own utility
    "publications.create": frozenset({M}),
    "publications.list": frozenset({M, PA}),
    # Jobs run on every party's preferences: the mediator only
    "simulations.create": frozenset({M}),
    "tournaments.create": frozenset({M}),
    "robustness.create": frozenset({M}),
    "jobs.read": frozenset({M}),
    "jobs.events": frozenset({M}),
    "jobs.cancel": frozenset({M}),
    # Live sessions: the mediator runs them; a person (a party's account seated in one: "own-party" is its
    # seat there) reads and moves for its own party; observers watch the public view
    "sessions.create": frozenset({M}),
    "sessions.list": frozenset({M}),
    "sessions.csv": frozenset({M}),
    "sessions.read": frozenset({M, OB, OWN}),
    "sessions.move": frozenset({OWN}),
    "sessions.events": frozenset({M, OB, OWN}),
    "sessions.trace": frozenset({M, OWN}),
    "sessions.start": frozenset({M}),
    "sessions.stop": frozenset({M}),
    # The web dashboard (accord.service.web): the same grants as the API it shows
    "web.login": frozenset({P}),
    "web.sign-in": frozenset({P}),
    "web.sign-out": frozenset({ANY}),
    "web.plotly": frozenset({P}),
    "web.static": frozenset({P}),
    "web.home": frozenset({ANY}),
    "web.talks": frozenset({ANY}),
    "web.overview": frozenset({A, M, OB, PA}),
    "web.analysis": frozenset({M}),
    "web.explanation": frozenset({M}),
    "web.proposal": frozenset({M}),
    "web.publish": frozenset({M}),
    "web.party": frozenset({M, OWN}),
    "web.party.save": frozenset({M, OWN}),
    "web.simulations": frozenset({M}),
    "web.simulations.start": frozenset({M}),
    "web.simulation": frozenset({M}),
    "web.simulation.events": frozenset({M}),
    "web.robustness": frozenset({M}),
    "web.robustness.start": frozenset({M}),
    "web.robustness.run": frozenset({M}),
    "web.robustness.events": frozenset({M}),
    # Live sessions' pages: the teacher's view; a person's page (its seat) and the mediator's
    "web.sessions": frozenset({M, PA}),
    "web.sessions.create": frozenset({M}),
    "web.sessions.csv": frozenset({M}),
    "web.live": frozenset({M, OB, OWN}),
    "web.live.move": frozenset({OWN}),
    "web.live.events": frozenset({M, OB, OWN}),
    "web.live.start": frozenset({M}),
    "web.live.stop": frozenset({M}),
    "web.live.replay": frozenset({M}),
}
"""Route name -> the grants that admit a caller. Every route of the app has an entry."""


@dataclass(frozen=True)
class Principal:
    """The account a request comes from."""

    name: str
    role: Role
    talks: int | None = None
    party: str | None = None

    @property
    def label(self) -> str:
        """The role as written on the command line: ``admin``, ``mediator``, ``party:ukraine``."""
        return f"party:{self.party}" if self.role is Role.PARTY else self.role.value

    def sees_preferences(self) -> bool:
        """Whether this account sees every party's private numbers (in its talks)."""
        return self.role is Role.MEDIATOR


def admits(grants: frozenset[Grant], who: Principal, talks: int | None, party: str | None) -> bool:
    """Whether ``who`` may call a route with these grants on ``talks`` (and the path's ``party``)."""
    if Grant.PUBLIC in grants or Grant.ANY in grants:
        return True
    if who.role is Role.ADMIN:
        return Grant.ADMIN in grants
    if talks is not None and who.talks != talks:
        return False
    if who.role is Role.PARTY:
        return Grant.PARTY in grants or (Grant.OWN_PARTY in grants and party == who.party)
    return Grant(who.role.value) in grants


def parse_role(text: str) -> tuple[Role, str | None]:
    """``admin``, ``mediator``, ``observer`` or ``party:PARTY_ID`` as a role and its party."""
    kind, sep, party = text.strip().partition(":")
    try:
        role = Role(kind.lower())
    except ValueError:
        role = None
    if role is None or (role is Role.PARTY) != bool(sep) or (sep and not party.strip()):
        raise AccordError(f"unknown role '{text}' (admin, mediator, observer or party:PARTY_ID)")
    return role, party.strip() if sep else None
