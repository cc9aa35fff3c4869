"""Errors a user can act on. Adapters show their message (CLI: exit code 1, web: 4xx page).

Anything that is not a :class:`StadtpulsError` is a bug and may surface as a traceback.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from stadtpuls.i18n import count, tr

#: How many problems an error report lists; the rest is counted (``InputRejected.total``), so
#: that 300,000 bad rows give a readable report, not tens of megabytes.
MAX_LISTED_PROBLEMS = 200


class Action(StrEnum):
    """What the user can do about an error, named without saying how: each adapter words it
    in its own terms (the CLI as the command or option to use, :func:`stadtpuls.cli.common.hint`;
    the web as a link to the page that does it, :mod:`stadtpuls.web.actions`), so services and
    the store never name a command, an option or a page."""

    CHECK_DATABASE = "check_database"
    CHOOSE_PROGRAMME = "choose_programme"
    CREATE_PROGRAMME = "create_programme"
    NAME_AUTHOR = "name_author"
    ADD_MEASUREMENT = "add_measurement"
    CONNECT_SOURCE = "connect_source"
    NAME_REVIEWER = "name_reviewer"
    RUN_CRAWL = "run_crawl"
    REVIEW_FINDINGS = "review_findings"
    REGISTER_SITE = "register_site"
    IMPORT_SITES = "import_sites"


class StadtpulsError(Exception):
    """An error with a message meant for a city employee, not a developer.

    ``action`` names what the user can do about it (:class:`Action`); the message itself
    never names a command or option.
    """

    def __init__(self, *args: object, action: Action | None = None) -> None:
        super().__init__(*args)
        self.action = action


class NotFound(StadtpulsError):
    """A city, framework, item ... that the user named does not exist."""


class Conflict(StadtpulsError):
    """Someone else changed the record in between (optimistic locking) or a name is taken."""


@dataclass(frozen=True)
class RowProblem:
    """One bad cell or row of an input file. ``row`` counts as a spreadsheet does (header = 1)."""

    file: str
    row: int | None
    field: str | None
    reason: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"Zeile {self.row}")
        if self.field:
            where.append(f"Feld '{self.field}'")
        return f"{', '.join(where)}: {self.reason}"


class InputRejected(StadtpulsError):
    """A file was refused as a whole; nothing was written.

    ``problems`` lists the first :data:`MAX_LISTED_PROBLEMS` problems found, ``total`` counts
    them all.
    """

    def __init__(self, summary: str, problems: Iterable[RowProblem]) -> None:
        super().__init__(summary)
        everything = list(problems)
        self.summary = summary
        self.total = len(everything)
        self.problems = everything[:MAX_LISTED_PROBLEMS]

    @property
    def more_problems(self) -> str | None:
        """ "… and N more (M in all)" when not every problem is listed."""
        omitted = self.total - len(self.problems)
        if not omitted:
            return None
        return tr(
            f"… und {omitted} weitere ({self.total} Probleme insgesamt)",
            f"… and {omitted} more ({self.total} problems in all)",
        )

    def __str__(self) -> str:
        lines = [self.summary, *(f"  - {p}" for p in self.problems)]
        if self.more_problems:
            lines.append(f"  {self.more_problems}")
        return "\n".join(lines)


def problem_count(n: int) -> str:
    """ "1 Problem" / "3 Probleme" ("1 problem" / "3 problems") for refusal messages."""
    return count(n, ("Problem", "Probleme"), ("problem", "problems"))
