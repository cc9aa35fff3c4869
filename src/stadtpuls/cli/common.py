"""What every command module shares: the CLI state, opening the store, console output."""

from __future__ import annotations

from dataclasses import dataclass

import typer
from rich.console import Console
from rich.markup import escape as _escape

from stadtpuls.store.db import Store

console = Console()
err_console = Console(stderr=True)


@dataclass
class CliState:
    database: str | None
    language: str = "de"


def open_store(ctx: typer.Context) -> Store:
    """Open (and migrate) the store named by ``--database`` / the environment / the default."""
    state: CliState = ctx.find_root().obj
    return Store.open(state.database)


def escape(text: str) -> str:
    return _escape(text)
