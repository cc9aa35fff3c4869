"""An incremental reader of OGC SensorThings API v1.1 Observations.

It asks one Datastream for its Observations since a point in time
(``$filter=phenomenonTime ge …``, ``$orderby=phenomenonTime asc``, ``$top``, ``$select``) and
follows ``@iot.nextLink`` page by page. Each page is handed to the caller, who stores it and
the next link together, so an interrupted pass resumes at the page it stopped at.

What servers in the wild do, and how it is survived:

- ids are integers (FROST-Server) or strings (UUIDs): a Datastream id that is all digits is
  addressed as ``Datastreams(7)``, any other as ``Datastreams('…')``; observation ids are kept
  as text;
- a page boundary repeats an observation, or a resumed pass reads one again: the store keeps
  one per (stream, id);
- ``@iot.nextLink`` comes unencoded (with blanks): it is percent-encoded before it is followed;
- observations arrive out of order: aggregation sorts by time;
- a server that answers 500 to ``$orderby=phenomenonTime`` (django-ogc-sensorthings): the
  ``order`` quirk leaves ``$orderby`` out (pages then come in the server's order, which is fine
  because the position only moves on once a pass is complete).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from urllib.parse import quote, urlencode

import httpx

from stadtpuls.i18n import tr
from stadtpuls.platform.batch import (
    MalformedPayload,
    ObservationBatch,
    PlatformError,
    batch_from_records,
)

PAGE_SIZE = 1000
SELECT = "@iot.id,phenomenonTime,result"


@dataclass(frozen=True)
class Quirks:
    """Work-arounds for one server (all off for a conforming server such as FROST)."""

    orderby: bool = True


@dataclass(frozen=True)
class Page:
    """One page of observations and the link to the next (``None`` on the last page)."""

    url: str
    batch: ObservationBatch
    next_link: str | None


def entity_path(kind: str, entity_id: str) -> str:
    """``Datastreams(7)`` for a numeric id, ``Datastreams('a-b')`` for any other."""
    if entity_id.isdigit():
        return f"{kind}({entity_id})"
    return "{}('{}')".format(kind, entity_id.replace("'", "''"))


def iso_utc(moment: datetime) -> str:
    """A naive UTC time as the ISO 8601 literal a ``$filter`` compares with."""
    return moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def first_page_url(
    base_url: str,
    datastream: str,
    since: datetime | None,
    *,
    page_size: int = PAGE_SIZE,
    quirks: Quirks = Quirks(),
) -> str:
    """The query that starts a pass over ``datastream`` from ``since`` (inclusive)."""
    params: dict[str, str] = {"$select": SELECT, "$top": str(page_size)}
    if quirks.orderby:
        params["$orderby"] = "phenomenonTime asc"
    if since is not None:
        params["$filter"] = f"phenomenonTime ge {iso_utc(since)}"
    query = urlencode(params, quote_via=quote, safe="$@,")
    return f"{base_url.rstrip('/')}/{entity_path('Datastreams', datastream)}/Observations?{query}"


def normalised_link(link: str) -> str:
    """``@iot.nextLink`` made safe to follow: an unencoded link (blanks in it) is encoded,
    with ``+`` taken literally (as in a time offset); an encoded link is left alone."""
    if " " not in link and '"' not in link:
        return link
    return quote(link, safe=":/?&=$'(),@%;*!~")


class SensorThingsClient:
    """Reads pages of observations from one SensorThings service (one HTTP connection pool)."""

    def __init__(
        self,
        base_url: str,
        *,
        page_size: int = PAGE_SIZE,
        quirks: Quirks = Quirks(),
        timeout: float = 30.0,
        http: httpx.Client | None = None,
    ) -> None:
        self.base_url = base_url
        self.page_size = page_size
        self.quirks = quirks
        self.http = http or httpx.Client(timeout=timeout, headers={"User-Agent": "Stadtpuls"})

    def close(self) -> None:
        self.http.close()

    def pages(
        self, datastream: str, since: datetime | None, resume_at: str | None = None
    ) -> Iterator[Page]:
        """Pages of ``datastream``'s observations from ``since`` on, or from ``resume_at``
        (a stored next link) when a pass was interrupted."""
        url: str | None = resume_at or first_page_url(
            self.base_url, datastream, since, page_size=self.page_size, quirks=self.quirks
        )
        while url is not None:
            document = self._get(url)
            batch = batch_from_records(datastream, _records(document, url), url)
            link = document.get("@iot.nextLink")
            next_link = normalised_link(link) if isinstance(link, str) and link else None
            yield Page(url, batch, next_link)
            url = next_link

    def _get(self, url: str) -> dict[str, Any]:
        try:
            response = self.http.get(url)
        except httpx.HTTPError as error:
            raise PlatformError(
                tr(
                    f"Die Datenplattform ist nicht erreichbar ({url}): {error}",
                    f"The data platform cannot be reached ({url}): {error}",
                )
            ) from None
        if response.status_code != 200:
            raise PlatformError(
                tr(
                    f"Die Datenplattform antwortet mit Status {response.status_code} auf {url}",
                    f"The data platform answers with status {response.status_code} to {url}",
                )
            )
        try:
            document = response.json()
        except ValueError:
            raise MalformedPayload(
                tr(f"{url}: die Antwort ist kein JSON.", f"{url}: the answer is not JSON.")
            ) from None
        if not isinstance(document, dict):
            raise MalformedPayload(
                tr(f"{url}: die Antwort ist kein Objekt.", f"{url}: the answer is no object.")
            )
        return document


def _records(document: dict[str, Any], url: str) -> list[dict[str, Any]]:
    values = document.get("value")
    if not isinstance(values, list):
        raise MalformedPayload(
            tr(
                f"{url}: die Antwort enthält keine Liste 'value' von Beobachtungen.",
                f"{url}: the answer holds no list 'value' of observations.",
            )
        )
    records = []
    for number, item in enumerate(values, start=1):
        if not isinstance(item, dict) or "@iot.id" not in item:
            raise MalformedPayload(
                tr(
                    f"{url}: Beobachtung {number} hat keine @iot.id. Nichts davon wurde "
                    "gespeichert.",
                    f"{url}: observation {number} has no @iot.id. Nothing of it was stored.",
                )
            )
        records.append(
            {
                "key": item["@iot.id"],
                "time": item.get("phenomenonTime"),
                "value": item.get("result"),
            }
        )
    return records
