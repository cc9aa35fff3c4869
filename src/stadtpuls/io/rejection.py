"""The one way a reader refuses a file: :func:`rejected` (all problems listed), :func:`refused`
(one reason for the whole file) and :func:`unreadable` (a file no parser can read).

Every reader in :mod:`stadtpuls.io` builds its :class:`~stadtpuls.errors.InputRejected`
here, so the CLI, the web page and the API say it in the same words: which file, how many
problems in how many rows, and that nothing was saved.
"""

from __future__ import annotations

from collections.abc import Iterable

from stadtpuls.errors import InputRejected, RowProblem, problem_count
from stadtpuls.i18n import count, tr


def rejected(file: str, problems: Iterable[RowProblem]) -> InputRejected:
    """The file refused as a whole, every problem listed (sorted by row, in the order found
    within a row)."""
    listed = sorted(problems, key=lambda p: p.row or 0)
    if len(listed) == 1 and listed[0].row is None:
        return InputRejected(
            tr(
                f"{file}: nicht übernommen: {listed[0].reason.rstrip('.')}. Es wurde nichts "
                "gespeichert.",
                f"{file}: not accepted: {listed[0].reason.rstrip('.')}. Nothing was saved.",
            ),
            listed,
        )
    rows = len({p.row for p in listed if p.row is not None})
    found, lines = problem_count(len(listed)), count(rows, ("Zeile", "Zeilen"), ("row", "rows"))
    return InputRejected(
        tr(
            f"{file}: nicht übernommen, {found} in {lines}. Es wurde nichts gespeichert.",
            f"{file}: not accepted, {found} in {lines}. Nothing was saved.",
        ),
        listed,
    )


def refused(file: str, reason: str) -> InputRejected:
    """The file refused as a whole for one reason that concerns no row."""
    return rejected(file, [RowProblem(file, None, None, reason)])


def unreadable(file: str, error: BaseException) -> InputRejected:
    """A file that cannot be parsed at all (damaged archive, broken encoding …)."""
    return refused(
        file,
        tr(f"Datei kann nicht gelesen werden ({error})", f"cannot read the file ({error})"),
    )
