"""The tables of the record (SQLAlchemy Core), as of the head migration.

One store holds several talks (``talks``); every other row belongs to one of them, and its keys start with the
talks id, so composite foreign keys never let an entry of one talks point at another's scenario. The scenario
catalogue (parties, delegates, points, options) is stored per version, and every record entry names the
version it was checked against, so foreign keys hold each entry to a party, point and option that existed.
The record itself (meetings, statements, status changes) is append-only. ``migrations/`` creates and upgrades
these tables; a test checks that the migrated schema equals this one.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Date,
    DateTime,
    Enum,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

from accord.model.parties import Role
from accord.model.record import MeetingStatus, Stance
from accord.tracker.entries import Status

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
ID_LENGTH = 64
NAME_LENGTH = 200

metadata = MetaData(naming_convention=NAMING)


def _enum(kind: type[Status] | type[Role] | type[MeetingStatus] | type[Stance], name: str) -> Enum:
    """A portable enum column: stored as its string values, checked by a CHECK constraint (no native type)."""
    return Enum(
        kind,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=16,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


talks = Table(
    "talks",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("title", Text, nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("created_by", String(NAME_LENGTH), nullable=False),
)

scenario_versions = Table(
    "scenario_versions",
    metadata,
    Column("talks", Integer, ForeignKey("talks.id"), primary_key=True),
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("title", Text, nullable=False),
    Column("content", Text, nullable=False, comment="The scenario as JSON (accord/1)."),
    Column("effective", Date, nullable=False, comment="The date from which this version is in force."),
    Column("recorded_at", DateTime, nullable=False),
    Column("author", String(NAME_LENGTH), nullable=False),
    Column("source", Text, nullable=False),
)


def _version() -> ForeignKeyConstraint:
    """The composite key of a scenario version: (talks, version)."""
    return ForeignKeyConstraint(
        ["talks", "version"], ["scenario_versions.talks", "scenario_versions.version"]
    )


def _party(*columns: str) -> ForeignKeyConstraint:
    """The composite key of a party of a version: (talks, version, party column)."""
    return ForeignKeyConstraint(
        ["talks", "version", *columns], ["parties.talks", "parties.version", "parties.id"]
    )


def _point(*columns: str) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["talks", "version", *columns], ["points.talks", "points.version", "points.id"]
    )


parties = Table(
    "parties",
    metadata,
    Column("talks", Integer, primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("id", String(ID_LENGTH), primary_key=True),
    Column("name", Text, nullable=False),
    Column("role", _enum(Role, "role"), nullable=False),
    Column("principal_name", Text),
    Column("principal_title", Text),
    _version(),
)

delegates = Table(
    "delegates",
    metadata,
    Column("talks", Integer, primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("party", String(ID_LENGTH), primary_key=True),
    Column("position", Integer, primary_key=True, autoincrement=False),
    Column("name", Text, nullable=False),
    Column("title", Text),
    Column("head", Boolean, nullable=False),
    _party("party"),
)

points = Table(
    "points",
    metadata,
    Column("talks", Integer, primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("id", String(ID_LENGTH), primary_key=True),
    Column("document", String(ID_LENGTH), nullable=False),
    Column("number", Integer, nullable=False),
    Column("title", Text, nullable=False),
    _version(),
)

options = Table(
    "options",
    metadata,
    Column("talks", Integer, primary_key=True),
    Column("version", Integer, primary_key=True),
    Column("point", String(ID_LENGTH), primary_key=True),
    Column("id", String(ID_LENGTH), primary_key=True),
    Column("label", Text, nullable=False),
    _point("point"),
)

meetings = Table(
    "meetings",
    metadata,
    Column("entry", Integer, primary_key=True, autoincrement=True),
    Column("talks", Integer, nullable=False),
    Column("id", String(ID_LENGTH), nullable=False),
    Column("version", Integer, nullable=False),
    Column("title", Text),
    Column("date", Date),
    Column("venue", Text, nullable=False),
    Column("status", _enum(MeetingStatus, "meeting_status"), nullable=False),
    Column("source", Text),
    Column("effective", Date, nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    Column("author", String(NAME_LENGTH), nullable=False),
    _version(),
    Index(None, "talks", "id", "effective", "entry"),
)

meeting_participants = Table(
    "meeting_participants",
    metadata,
    Column("entry", Integer, ForeignKey("meetings.entry"), primary_key=True),
    Column("position", Integer, primary_key=True, autoincrement=False),
    Column("talks", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Column("party", String(ID_LENGTH), nullable=False),
    _party("party"),
)

statements = Table(
    "statements",
    metadata,
    Column("talks", Integer, primary_key=True),
    Column("id", String(ID_LENGTH), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("date", Date, nullable=False),
    Column("party", String(ID_LENGTH), nullable=False),
    Column("speaker", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("stance", _enum(Stance, "stance"), nullable=False),
    Column("source", Text, nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    Column("author", String(NAME_LENGTH), nullable=False),
    _party("party"),
    Index(None, "talks", "date"),
)

statement_points = Table(
    "statement_points",
    metadata,
    Column("talks", Integer, primary_key=True),
    Column("statement", String(ID_LENGTH), primary_key=True),
    Column("position", Integer, primary_key=True, autoincrement=False),
    Column("version", Integer, nullable=False),
    Column("point", String(ID_LENGTH), nullable=False),
    ForeignKeyConstraint(["talks", "statement"], ["statements.talks", "statements.id"]),
    _point("point"),
)

status_changes = Table(
    "status_changes",
    metadata,
    Column("entry", Integer, primary_key=True, autoincrement=True),
    Column("talks", Integer, nullable=False),
    Column("version", Integer, nullable=False),
    Column("point", String(ID_LENGTH), nullable=False),
    Column("party", String(ID_LENGTH), nullable=False),
    Column("status", _enum(Status, "status"), nullable=False),
    Column("option", String(ID_LENGTH)),
    Column("effective", Date, nullable=False),
    Column("recorded_at", DateTime, nullable=False),
    Column("author", String(NAME_LENGTH), nullable=False),
    Column("source", Text, nullable=False),
    Column("note", Text),
    _point("point"),
    _party("party"),
    ForeignKeyConstraint(
        ["talks", "version", "point", "option"],
        ["options.talks", "options.version", "options.point", "options.id"],
    ),
    Index("ix_status_changes_as_of", "talks", "point", "party", "effective", "entry"),
)

# The service (accord.service): accounts, their roles per talks, jobs and publications ----------------------

accounts = Table(
    "accounts",
    metadata,
    Column("name", String(NAME_LENGTH), primary_key=True),
    Column("role", String(16), nullable=False, comment="admin, mediator, observer or party."),
    Column("talks", Integer, ForeignKey("talks.id"), comment="The talks the role holds in (none for admin)."),
    Column("party", String(ID_LENGTH), comment="The party of a party role."),
    Column("token_hash", String(64), nullable=False, unique=True, comment="SHA-256 of the API token."),
    Column("password_hash", Text, comment="Argon2id hash of the web sign-in password."),
    Column("created_at", DateTime, nullable=False),
    Column("revoked_at", DateTime),
)

sessions = Table(
    "sessions",
    metadata,
    Column("token_hash", String(64), primary_key=True, comment="SHA-256 of the session token."),
    Column("account", String(NAME_LENGTH), ForeignKey("accounts.name"), nullable=False, index=True),
    Column("created_at", DateTime, nullable=False),
    Column("expires_at", DateTime, nullable=False),
)

jobs = Table(
    "jobs",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("talks", Integer, ForeignKey("talks.id"), nullable=False, index=True),
    Column("kind", String(16), nullable=False, comment="simulation or tournament."),
    Column("state", String(16), nullable=False, comment="queued, running, done, failed or cancelled."),
    Column("progress", Float, nullable=False),
    Column("request", Text, nullable=False, comment="The job's parameters as JSON."),
    Column("result", Text, comment="The result as JSON, when done."),
    Column("error", Text, comment="Why it failed, in one line."),
    Column("created_by", String(NAME_LENGTH), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("updated_at", DateTime, nullable=False),
)

publications = Table(
    "publications",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("talks", Integer, ForeignKey("talks.id"), nullable=False, index=True),
    Column("title", Text, nullable=False),
    Column("text", Text, nullable=False),
    Column("package", Text, nullable=False, comment="point -> option, as JSON."),
    Column("published_at", DateTime, nullable=False),
    Column("author", String(NAME_LENGTH), nullable=False),
)

# Live sessions (accord.service.live): a protocol played by people and strategies, move by move --------------
# The moves are the truth; the events are what the replay of the moves gave when each was recorded (for cheap
# event streams and an immutable trace), and must always equal that replay.

live_sessions = Table(
    "live_sessions",
    metadata,
    Column("id", String(32), primary_key=True),
    Column("talks", Integer, ForeignKey("talks.id"), nullable=False, index=True),
    Column("group_name", String(NAME_LENGTH), comment="The class group the session belongs to."),
    Column("setup", Text, nullable=False, comment="The engine's setup as JSON (protocol, seats, seed, ...)."),
    Column("scenario", Text, nullable=False, comment="The scenario played, as JSON (accord/1), at creation."),
    Column("people", Text, nullable=False, comment="party -> the account bound to its seat, as JSON."),
    Column("start", String(16), nullable=False, comment="now or when-seated."),
    Column("opened", Text, nullable=False, comment="The person seats that opened it, as JSON."),
    Column("state", String(16), nullable=False, comment="waiting, running, agreed or broken-down."),
    Column("reason", String(16), comment="Why it ended (the trace's reason, or stopped)."),
    Column("round", Integer, nullable=False),
    Column("waiting_for", Text, nullable=False, comment="The parties the protocol awaits, as JSON."),
    Column("moves", Integer, nullable=False, comment="Moves recorded."),
    Column("events", Integer, nullable=False, comment="Events recorded."),
    Column("revision", Integer, nullable=False, comment="Counts every change (event streams poll it)."),
    Column("due_at", Float, comment="When the rules may next answer for a person (epoch seconds)."),
    Column("result", Text, comment="The score once ended, as JSON."),
    Column("created_by", String(NAME_LENGTH), nullable=False),
    Column("created_at", DateTime, nullable=False),
    Column("started_at", DateTime),
    Column("ended_at", DateTime),
    Index(None, "state", "due_at"),
)

live_moves = Table(
    "live_moves",
    metadata,
    Column("session", String(32), ForeignKey("live_sessions.id"), primary_key=True),
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("party", String(ID_LENGTH), nullable=False),
    Column("action", String(16), nullable=False, comment="vote, respond, offer or pass."),
    Column("accepted", Boolean),
    Column("package", BigInteger, comment="The package number of an offer."),
    Column("at", Float, nullable=False, comment="Server time the move was recorded (epoch seconds)."),
    Column("author", String(NAME_LENGTH), comment="The account that moved; none when the rules did."),
    Column("timeout", Boolean, nullable=False, comment="The person's time ran out: the rules answered."),
    Column("round", Integer, comment="The round the move answers, when its author named it."),
)

live_events = Table(
    "live_events",
    metadata,
    Column("session", String(32), ForeignKey("live_sessions.id"), primary_key=True),
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("kind", String(16), nullable=False),
    Column("data", Text, nullable=False, comment="The event's line of the trace (JSON)."),
    Column("audience", Text, comment="Who may see it, as JSON; none for everyone."),
)
