"""Open data out: the public programme, the KPIs with their series and the city's reviewed
evidence as downloadable tables (CSV, JSON), described in a DCAT-AP.de catalogue.

Only what the public page shows is published: items with state and light, the comment only
of items marked public (:func:`stadtpuls.services.programme.items.public_items`); KPI values in
force with their origin; evidence findings the office accepted.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

import pandas as pd
from rdflib import Graph

from stadtpuls.core.programme.status import effective_measurements
from stadtpuls.errors import NotFound, StadtpulsError
from stadtpuls.i18n import tr
from stadtpuls.io import dcat
from stadtpuls.reference import resolve_city
from stadtpuls.services import evidence as evidence_service
from stadtpuls.services.evidence_crawl import city_names
from stadtpuls.services.programme import items as programme_items
from stadtpuls.services.programme import whole as programme_whole
from stadtpuls.services.programme.kpis import origin_of
from stadtpuls.store.db import Store

KINDS = ("csv", "json")
CONTACT_ROLE = "Smart-City-Büro (Open-Data-Ansprechstelle)"


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    description: str
    keywords: tuple[str, ...]
    themes: tuple[str, ...]
    frequency: str
    build: Callable[[Store, str], pd.DataFrame]


def programme_table(store: Store, _ags: str) -> pd.DataFrame:
    rows = [
        {
            "key": p.key,
            "title": p.title,
            "category": p.category,
            "state": p.state.value if p.state else None,
            "light": p.light.value if p.light else None,
            "reporting_date": p.reporting_date.isoformat() if p.reporting_date else None,
            "public_comment": p.comment,
        }
        for p in programme_items.public_items(store)
    ]
    return pd.DataFrame(
        rows,
        columns=["key", "title", "category", "state", "light", "reporting_date", "public_comment"],
    )


KPI_COLUMNS = [
    "kpi",
    "name",
    "unit",
    "baseline",
    "target",
    "due",
    "date",
    "value",
    "origin",
    "source",
    "query",
    "period_start",
    "period_end",
    "retrieved_at",
    "illustrative",
]


def kpi_table(store: Store, _ags: str) -> pd.DataFrame:
    """Every KPI value in force, with where it comes from (illustrative ones marked)."""
    rows = []
    for kpi in programme_whole.load_programme(store).kpis:
        for m in effective_measurements(kpi.measurements):
            source = m.source
            rows.append(
                {
                    "kpi": kpi.key,
                    "name": kpi.name,
                    "unit": kpi.unit,
                    "baseline": kpi.baseline,
                    "target": kpi.target,
                    "due": kpi.due.isoformat(),
                    "date": m.date.isoformat(),
                    "value": m.value,
                    "origin": origin_of(m).kind,
                    "source": source.source if source else None,
                    "query": source.query if source else None,
                    "period_start": source.period_start.isoformat() if source else None,
                    "period_end": source.period_end.isoformat() if source else None,
                    "retrieved_at": source.retrieved_at.isoformat() if source else None,
                    "illustrative": kpi.illustrative or m.origin == "illustrative",
                }
            )
    return pd.DataFrame(rows, columns=KPI_COLUMNS)


def evidence_table(store: Store, ags: str) -> pd.DataFrame:
    """The city's evidence the office accepted in review."""
    frame = evidence_service.evidence_table(store, ags)
    return frame[frame["status"] == "accepted"].reset_index(drop=True)


TABLES = {
    t.key: t
    for t in (
        Table(
            "programme",
            "Smart-City-Programm: Maßnahmen und Stand",
            "Maßnahmen des Smart-City-Programms mit aktuellem Stand, Ampel und öffentlichen "
            "Kommentaren.",
            ("Smart City", "Programm", "Digitalisierung"),
            ("GOVE",),
            "MONTHLY",
            programme_table,
        ),
        Table(
            "kpis",
            "Smart-City-Kennzahlen mit Messreihen",
            "Kennzahlen der Maßnahmen mit Ausgangs- und Zielwert und allen geltenden "
            "Messwerten, jeweils mit Herkunft (Datenplattform, Erfassung, illustrativ).",
            ("Smart City", "Kennzahlen", "Wirkung", "Sensorik"),
            ("GOVE", "TECH"),
            "MONTHLY",
            kpi_table,
        ),
        Table(
            "evidence",
            "Geprüfte Belege zur digitalen Reife",
            "Belege von der Website der Stadt, die das Smart-City-Büro geprüft und angenommen hat.",
            ("Smart City", "Ranking", "Belege"),
            ("GOVE",),
            "IRREG",
            evidence_table,
        ),
    )
}


def table(store: Store, key: str, city: str) -> pd.DataFrame:
    if key not in TABLES:
        raise NotFound(tr(f"Keine offenen Daten '{key}'.", f"No open data '{key}'."))
    return TABLES[key].build(store, resolve_city(city).ags)


def encoded(frame: pd.DataFrame, kind: str) -> bytes:
    """CSV (UTF-8, comma) or JSON (a list of records)."""
    if kind == "csv":
        return frame.to_csv(index=False).encode("utf-8")
    buffer = io.StringIO()
    frame.to_json(buffer, orient="records", force_ascii=False, indent=1)
    return buffer.getvalue().encode("utf-8")


def catalogue(store: Store, base_url: str, city: str, now: datetime | None = None) -> Graph:
    """The DCAT-AP.de catalogue of what :func:`table` publishes (datasets without rows left
    out: an empty table is no dataset)."""
    ags = resolve_city(city).ags
    name = city_names([ags])[ags]
    today = (now or datetime.now(UTC)).date()
    base = base_url.rstrip("/")
    datasets = []
    for t in TABLES.values():
        try:
            frame = t.build(store, ags)
        except StadtpulsError:
            continue
        if frame.empty:
            continue
        modified = _modified(frame, today)
        datasets.append(
            dcat.Dataset(
                t.key,
                f"{t.title} ({name})",
                t.description,
                t.keywords,
                t.themes,
                modified,
                t.frequency,
                tuple(
                    dcat.Distribution(
                        f"{t.title} ({kind.upper()})",
                        f"{base}/public/data/{t.key}.{kind}",
                        kind,
                        modified,
                    )
                    for kind in KINDS
                ),
            )
        )
    return dcat.catalogue_graph(
        dcat.Catalogue(
            base_url=base,
            title=f"Offene Daten des Smart-City-Programms {name}",
            description=f"Programm, Kennzahlen und geprüfte Belege des Smart-City-Programms der "
            f"Stadt {name}, erzeugt von Stadtpuls.",
            publisher=f"Stadt {name}",
            contact_role=CONTACT_ROLE,
            contact_url=f"{base}/public",
            ags=ags,
            modified=max((_day(d.modified) for d in datasets), default=today),
            datasets=datasets,
        )
    )


def _day(moment: date | datetime) -> date:
    return moment.date() if isinstance(moment, datetime) else moment


def _modified(frame: pd.DataFrame, fallback: date) -> date | datetime:
    """The newest date in the table (when it has dates), else the day of publication: the
    same catalogue is described the same way on every request."""
    for column in ("retrieved_at", "date", "reporting_date"):
        if column in frame and frame[column].notna().any():
            newest = str(frame[column].dropna().max())
            return datetime.fromisoformat(newest) if "T" in newest else date.fromisoformat(newest)
    return fallback


def serialised_catalogue(store: Store, base_url: str, city: str, fmt: str) -> bytes:
    return dcat.serialise(catalogue(store, base_url, city), fmt)
