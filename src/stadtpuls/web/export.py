"""Every table on the web as CSV, XLSX or JSON: one mechanism the views share.

A page that shows a table takes the query parameter ``format`` (:data:`FormatQuery`); with it
the view answers :func:`table_download` instead of the page. The download links are the page's
own address plus ``format=…`` (:func:`export_links`), so the page address is the permalink of
the table and the download always shows what the page shows (same filters, same date). The
files are written by :func:`stadtpuls.io.tables.write_table` like every other export, with the
title, the source note and the permalink in them.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated
from urllib.parse import urlencode

import pandas as pd
from fastapi import Query, Request
from fastapi.responses import Response

from stadtpuls.i18n import tr
from stadtpuls.io.tables import write_table

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
FormatQuery = Annotated[str | None, Query(pattern="^(csv|xlsx|json)$")]


@dataclass(frozen=True)
class ExportLink:
    label: str
    href: str
    media_type: str


@dataclass(frozen=True)
class Exports:
    """What a page puts under a table: the permalink and the download links."""

    permalink: str
    links: tuple[ExportLink, ...]


def exports(path: str, params: Mapping[str, object] | None = None) -> Exports:
    """The permalink of the table at ``path`` with ``params`` (empty values left out) and its
    links as CSV, XLSX and JSON. Built from the query, not the request, so cached page parts
    can carry it."""
    kept = {k: str(v) for k, v in (params or {}).items() if v not in (None, "") and k != "format"}
    query = urlencode(kept)
    link = f"{path}?{query}" if query else path
    joiner = "&" if query else "?"
    return Exports(
        link,
        tuple(
            ExportLink(name.upper(), f"{link}{joiner}format={name}", media)
            for name, media in FORMATS.items()
        ),
    )


def permalink(request: Request) -> str:
    """The address of the page the download came from, without the export format."""
    return str(request.url.remove_query_params(["format", "lang"]))


def table_download(
    request: Request,
    frame: pd.DataFrame,
    fmt: str,
    *,
    name: str,
    title: str,
    source: str = "",
) -> Response:
    """``frame`` as a ``fmt`` file named ``name.fmt``, with title, source and permalink. A
    table whose rows say their own origin brings a ``source`` column; every other gets one
    with ``source`` in each row, so a row copied out of the file still says where it is from."""
    link = permalink(request)
    if source and "source" not in frame.columns:
        frame = frame.assign(source=source)
    note = " – ".join(p for p in (title, source, link) if p)
    with tempfile.TemporaryDirectory(prefix="stadtpuls-export-") as folder:
        path = Path(folder) / f"{name}.{fmt}"
        write_table(
            frame,
            path,
            sheet=tr("Tabelle", "Table"),
            float_format="%.6g",
            comment=note,
            title_rows=[p for p in (title, source, link) if p],
            metadata={"title": title, "source": source, "permalink": link},
        )
        body = path.read_bytes()
    return Response(
        body,
        media_type=FORMATS[fmt],
        headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'},
    )
