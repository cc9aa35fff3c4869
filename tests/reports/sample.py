"""Report test data: the seed report (Norderstedt, Hauptausschuss 24.10.2022) as hand-built
ReportContent, and helpers to read a rendered deck back with python-pptx.

Ranking figures are the published Smart-City-Ranking 2022 tables from the seed document; the
areas, intervals and programme entries are the seed's items with invented statuses.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

from pptx import Presentation

from stadtpuls.core.origin import Origin
from stadtpuls.reports.content import (
    AreaResult,
    AreaResults,
    Challenge,
    Change,
    Contact,
    Idea,
    Kpi,
    MapData,
    MapValue,
    Milestone,
    Phase,
    RankingRow,
    RankInterval,
    RankIntervals,
    ReportContent,
    Roadmap,
    StatusRow,
    StatusTable,
    TopList,
)

RANKING = "Smart-City-Ranking Digitales Deutschland"
NORDERSTEDT = "01060063"
PUBLISHED = Origin(
    "published",
    by="Haselhorst Associates",
    edition=f"{RANKING} 2022",
    published=dt.date(2022, 9, 30),
)
SYNTHETIC = Origin("synthetic", method="Modell haselhorst, Pipeline default")
ENTERED = Origin("entered", by="Norderstedt GO!")
INVENTED = Origin("illustrative", basis="Bereichswerte der Testdaten")

NATIONAL = (
    RankingRow(1, "02000000", "Hamburg", "Hamburg", 47.4, 0),
    RankingRow(2, "09162000", "München", "Bayern", 46.2, 1),
    RankingRow(3, "05315000", "Köln", "Nordrhein-Westfalen", 45.8, -1),
    RankingRow(4, "03103000", "Wolfsburg", "Niedersachsen", 43.0, 2),
    RankingRow(5, "05513000", "Gelsenkirchen", "Nordrhein-Westfalen", 42.5, 0),
    RankingRow(6, "06411000", "Darmstadt", "Hessen", 40.5, -2),
    RankingRow(7, "08222000", "Mannheim", "Baden-Württemberg", 38.5, 0),
    RankingRow(8, "06440002", "Bad Nauheim", "Hessen", 37.6, 4),
    RankingRow(9, "11000000", "Berlin", "Berlin", 36.8, -1),
    RankingRow(10, NORDERSTEDT, "Norderstedt", "Schleswig-Holstein", 36.3, 1),
)
STATE = (
    NATIONAL[-1],
    RankingRow(19, "01002000", "Kiel", "Schleswig-Holstein", 34.7, None),
    RankingRow(31, "01003000", "Lübeck", "Schleswig-Holstein", 33.1, None),
    RankingRow(51, "01001000", "Flensburg", "Schleswig-Holstein", 31.2, None),
    RankingRow(68, "01056039", "Pinneberg", "Schleswig-Holstein", 29.5, None),
    RankingRow(86, "01004000", "Neumünster", "Schleswig-Holstein", 28.5, None),
    RankingRow(106, "01061046", "Itzehoe", "Schleswig-Holstein", 26.8, None),
    RankingRow(282, "01053032", "Geesthacht", "Schleswig-Holstein", 17.3, None),
    RankingRow(298, "01056050", "Wedel", "Schleswig-Holstein", 16.6, None),
    RankingRow(342, "01062001", "Ahrensburg", "Schleswig-Holstein", 13.7, None),
)
AREAS = (
    AreaResult("Strategie & Umsetzung", 62.0, 30.5, 55.1),
    AreaResult("Verwaltung", 41.2, 35.0, 50.3),
    AreaResult("Mobilität", 28.9, 22.4, None),
    AreaResult("Energie & Umwelt", None, 18.0, 40.2),
)


def seed_content(language: str = "de") -> ReportContent:
    """The whole seed report; every section filled."""
    return ReportContent(
        city_ags=NORDERSTEDT,
        city_name="Norderstedt",
        state="Schleswig-Holstein",
        as_of="2022-10-24",
        language=language,
        programme="Norderstedt GO!",
        audience="Hauptausschuss",
        national_top=TopList(
            RANKING, 2022, NATIONAL, NATIONAL[-1], 2021, "Digitalisierungsgrad", origin=PUBLISHED
        ),
        state_top=TopList(
            RANKING,
            2022,
            STATE,
            NATIONAL[-1],
            2021,
            "Digitalisierungsgrad",
            origin=PUBLISHED,
            available=len(STATE),
            city_position=1,
        ),
        areas=AreaResults(RANKING, 2022, "Schleswig-Holstein", AREAS, origin=INVENTED),
        intervals=RankIntervals(
            RANKING,
            2022,
            500,
            0.9,
            (
                RankInterval("02000000", "Hamburg", 1, 1.0, 1.0, 3.0),
                RankInterval(NORDERSTEDT, "Norderstedt", 10, 6.0, 10.0, 15.0),
            ),
            synthetic=True,
            origin=SYNTHETIC,
        ),
        map=MapData(
            RANKING, 2022, "01", tuple(MapValue(r.ags, r.score) for r in STATE), origin=PUBLISHED
        ),
        programme_origin=ENTERED,
        changes_origin=ENTERED,
        ideas_origin=ENTERED,
        challenges=(
            Challenge(
                "Projekt-Tun", ("Operative Ressourcen bereitstellen", "Interne Allianzen festigen")
            ),
            Challenge("Kommunikation", ("Regelmäßige Kommunikation der Projekte",)),
            Challenge("Strategiearbeit", ("Unterdisziplinen anstoßen",)),
            Challenge("Netzwerk", ("Regionales Netzwerk ausbauen",)),
            Challenge("Fachkräfte", ("Stellen besetzen",)),
        ),
        roadmap=Roadmap(
            (
                Phase("Konzeptionsphase", "2021-09-01", "2022-06-30"),
                Phase("Umsetzungsphase", "2022-07-01", "2023-06-30"),
            ),
            (
                Milestone("Vision und Mission", "2022-03-15", True),
                Milestone("Roadmap/Beschluss Stadtvertretung", "2022-12-15"),
            ),
            ENTERED,
        ),
        project_status=StatusTable(
            ("2022", "2023", "2025"),
            (
                StatusRow(
                    "Pilotprojekte",
                    "Sensoren Container",
                    ("green", "green", None),
                    "Bereits durch das Team des Betriebsamts in Bearbeitung",
                ),
                StatusRow(
                    "Pilotprojekte",
                    "Sammelaktion Mobilgeräte",
                    ("done", None, None),
                    "Kickoff im September erfolgt",
                ),
                StatusRow(
                    "Pilotprojekte",
                    "Digitale Schließfächer",
                    ("yellow", "green", None),
                    "Marktrecherche, Kickoff November",
                ),
                StatusRow(
                    "Pilotprojekte",
                    "Digitale Wunschliste",
                    ("red", "yellow", None),
                    "Projektleitung erst ab 2023 verfügbar",
                ),
                StatusRow(
                    "Pilotprojekte",
                    "Norderstedt-App",
                    ("yellow", None, None),
                    "Produktmanager-Stelle wird ausgeschrieben",
                ),
                StatusRow("Pilotprojekte", "Digitale Weiterbildung für alle", ("open", None, None)),
                StatusRow(
                    "Pilotprojekte",
                    "Digitalkompetenz der Verwaltung",
                    ("open", "green", None),
                    "Priorität für 2023 bestätigt",
                ),
                StatusRow("Pilotprojekte", "Intelligente Beleuchtung", ("open", None, None)),
                StatusRow("Pilotprojekte", "Plattform für Kulturträger", ("open", None, "open")),
            ),
            ENTERED,
        ),
        working_groups=StatusTable(
            ("2022", "2023"),
            (
                StatusRow(
                    "Arbeitskreise",
                    "Digitale Gesellschaft",
                    ("yellow", "green"),
                    "Rekrutierung im Nov. 2022",
                ),
                StatusRow("Arbeitskreise", "Urbane Daten", ("open", "green")),
            ),
            ENTERED,
        ),
        kpis=(
            Kpi("Online-Dienste", "Anzahl", 12.0, 40.0, 0.0, 30.0, "yellow", origin=ENTERED),
            Kpi("Offene Datensätze", "Anzahl", 25.0, 50.0, 10.0, 37.5, "green", origin=ENTERED),
            Kpi("Glasfaserquote", "%", None, 80.0, 20.0, None, None, origin=ENTERED),
        ),
        ideas=(
            Idea("HanseBaby (App)", 3.0, 2.0),
            Idea("Gesundheitspatin", 3.5, 3.0),
            Idea("Gesundheitsplattform", 4.5, 4.0, True),
            Idea("Gesundheitsterminal", 4.0, 4.5, True),
        ),
        changes_since="2022-06-20",
        changes=(
            Change("2022-09-15", "Sammelaktion Mobilgeräte", "Projekt gestartet"),
            Change("2022-10-01", "Norderstedt-App", "Status gelb: Stelle unbesetzt"),
        ),
        contacts=(
            Contact("Chief Digital Officer", "Stadt Norderstedt"),
            Contact("Produktmanager Smart City", "Stadtwerke Norderstedt"),
        ),
    )


def empty_content(language: str = "de") -> ReportContent:
    """Only the required fields: every section is empty."""
    return ReportContent(
        city_ags=NORDERSTEDT,
        city_name="Norderstedt",
        state="Schleswig-Holstein",
        as_of="2022-10-24",
        language=language,
    )


def open_deck(data: bytes):
    return Presentation(io.BytesIO(data))


def slide_texts(slide) -> str:
    """Every text on the slide (shapes and table cells), newline-separated."""
    texts = []
    for shape in slide.shapes:
        if shape.has_text_frame:
            texts.append(shape.text_frame.text)
        if shape.has_table:
            texts.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return "\n".join(texts)


def slide_title(slide) -> str:
    return slide.shapes.title.text_frame.text


def find_slide(deck, title_part: str):
    """The first slide whose title contains ``title_part``; else the first whose kicker (the
    grey line under the title: the slide's subject) does."""
    return next((s for s in deck.slides if title_part in slide_title(s)), None) or next(
        s for s in deck.slides if title_part in slide_kicker(s)
    )


def slide_kicker(slide) -> str:
    """The text box right below the title (empty when there is none)."""
    title = slide.shapes.title
    below = [
        shape
        for shape in slide.shapes
        if shape.has_text_frame
        and shape != title
        and title is not None
        and shape.top == title.top + title.height
    ]
    return below[0].text_frame.text if below else ""


def tables(slide) -> list:
    return [shape.table for shape in slide.shapes if shape.has_table]


def charts(slide) -> list:
    return [shape.chart for shape in slide.shapes if shape.has_chart]


def cells(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def write_result(
    path: Path, ranks: list[dict], n: int = 200, quantiles: tuple[float, float] = (5.0, 95.0)
) -> Path:
    """A result file as ``stadtpuls index uncertainty --out`` writes it (extra keys too)."""
    document = {
        "seed": 42,
        "n_replicates": n,
        "factors": ["Gewichte"],
        "quantiles": list(quantiles),
        "pipeline": {"steps": []},
        "ranks": ranks,
        "replicates": [],
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def interval(unit: str, nominal: float, low: float, median: float, high: float) -> dict:
    return {
        "unit": unit,
        "nominal": nominal,
        "mean": median,
        "median": median,
        "low": low,
        "high": high,
        "width": high - low,
    }
