"""The commands of ``accord`` by name, each imported only when it runs.

``accord --help`` and ``accord validate`` must start in well under a second, so the top-level group knows its
commands as :class:`Entry` rows (name, where the command lives, one line of help) and imports a command's
module only when that command is run or its own help is asked for. A command module may then import what it
needs (the MILP solver, SQLAlchemy, Dask) at its top, as usual: no other command pays for it. This is the one
place where Accord imports modules by name; see "Adding a command" in ``docs/architecture.md``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass
from typing import Any

import typer
import typer.main
from typer.core import TyperCommand, TyperGroup

Command = TyperCommand | TyperGroup


@dataclass(frozen=True)
class Entry:
    """A command of the top-level group: its name, ``module:attribute`` of its function (or of its
    ``typer.Typer``, for a group of commands), and the line ``accord --help`` shows for it."""

    name: str
    target: str
    help: str

    def load(self) -> Command:
        """Import the command's module and build its Click command."""
        module, _, attribute = self.target.partition(":")
        found = getattr(importlib.import_module(module), attribute)
        holder = typer.Typer(add_completion=False, pretty_exceptions_enable=False, rich_markup_mode=None)
        if isinstance(found, typer.Typer):
            holder.add_typer(found, name=self.name)
        else:
            holder.command(self.name)(found)
        command = typer.main.get_group(holder).commands[self.name]
        assert isinstance(command, TyperCommand | TyperGroup)
        return command


class _Commands(MutableMapping[str, Any]):
    """The group's commands: loaded on first access, in the order of the entries. (Values are Click
    commands: ``Any``, as Click's types are Typer's private module in recent versions.)"""

    def __init__(self, entries: Sequence[Entry], loaded: Mapping[str, Any]) -> None:
        self.entries = {entry.name: entry for entry in entries}
        self.loaded: dict[str, Any] = dict(loaded)

    def __getitem__(self, name: str) -> Any:
        if name not in self.loaded:
            if name not in self.entries:
                raise KeyError(name)
            self.loaded[name] = self.entries[name].load()
        return self.loaded[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self.loaded[name] = command

    def __delitem__(self, name: str) -> None:
        self.entries.pop(name, None)
        self.loaded.pop(name, None)

    def __iter__(self) -> Iterator[str]:
        yield from self.entries
        yield from (name for name in self.loaded if name not in self.entries)

    def __len__(self) -> int:
        return len(self.entries.keys() | self.loaded.keys())


class LazyGroup(TyperGroup):
    """A Typer group whose commands are :class:`Entry` rows, imported when used (set ``entries`` in a
    subclass). Its help lists the entries' lines without importing anything."""

    entries: Sequence[Entry] = ()

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self.commands = _Commands(self.entries, self.commands)

    def format_commands(self, ctx: Any, formatter: Any) -> None:
        """The entries' lines, cut to the width left as Typer does (Typer's own listing would load every
        command). ``Any``: Click's types are Typer's private module in recent versions."""
        if self.entries:
            limit = formatter.width - 6 - max(len(entry.name) for entry in self.entries)
            rows = [
                (entry.name, TyperCommand(entry.name, help=entry.help).get_short_help_str(limit))
                for entry in self.entries
            ]
            with formatter.section("Commands"):
                formatter.write_dl(rows)
