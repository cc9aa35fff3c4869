"""What a :class:`~stadtpuls.errors.StadtpulsError` asks the user to do (its ``action``), as
the web offers it: a link to the page that does it. The CLI words the same actions as
commands (:func:`stadtpuls.cli.common.hint`)."""

from __future__ import annotations

from dataclasses import dataclass

from stadtpuls.errors import Action
from stadtpuls.i18n import tr


@dataclass(frozen=True)
class ActionLink:
    """A link an error page or form shows under the message."""

    href: str
    label: str


def action_link(action: Action | None) -> ActionLink | None:
    """The link for ``action``; None when the web has no page for it (the database address,
    an author: the web knows the signed-in account; a new programme: imported on the
    command line)."""
    links = {
        Action.ADD_MEASUREMENT: ActionLink(
            "/programme/kpis", tr("Zu den Kennzahlen", "To the KPIs")
        ),
        Action.CONNECT_SOURCE: ActionLink(
            "/programme/kpis",
            tr("Datenquelle bei der Kennzahl verbinden", "Connect a data source to the KPI"),
        ),
        Action.RUN_CRAWL: ActionLink(
            "/evidence/sites", tr("Zu Websites und Crawls", "To websites and crawls")
        ),
        Action.REVIEW_FINDINGS: ActionLink(
            "/evidence/review", tr("Fundstellen prüfen", "Review findings")
        ),
        Action.REGISTER_SITE: ActionLink(
            "/evidence/sites", tr("Website eintragen", "Register the website")
        ),
        Action.IMPORT_SITES: ActionLink(
            "/evidence/sites", tr("Websites eintragen", "Register websites")
        ),
    }
    return links.get(action) if action else None
