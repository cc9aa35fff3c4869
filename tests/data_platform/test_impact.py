"""Impact logic and M&E coverage from KPIs with levels, on the web and as impact slides."""

from __future__ import annotations

import datetime as dt
import io

from pptx import Presentation
from tests.data_platform.helpers import month_valued_stream

from stadtpuls.core.programme.model import Kpi
from stadtpuls.demo import programme as demo
from stadtpuls.platform.fixture_server import FixtureServer
from stadtpuls.reports.deck import render_deck
from stadtpuls.services import impact
from stadtpuls.services import platform as platform_service
from stadtpuls.services.programme import entities as programme_entities
from stadtpuls.services.report_content import collect

AS_OF = dt.date(2025, 4, 15)
NOW = dt.datetime(2025, 4, 2, tzinfo=dt.UTC)


def _measured_pilot(store) -> None:
    """The container pilot: output entered (the seed's KPI), outcome measured."""
    demo.load(store)
    current = programme_entities.get_entity(store, None, "kpi", "container-mit-sensor")
    programme_entities.update_entity(
        store, None, "kpi", "container-mit-sensor", current.version, {"level": "output"}, "t"
    )
    programme_entities.create_entity(
        store,
        None,
        Kpi(
            "fuellstand",
            "Mittlerer Füllstand",
            "%",
            3.0,
            dt.date(2024, 12, 1),
            1.0,
            dt.date(2026, 12, 31),
            item="sensoren-container",
            level="outcome",
        ),
        "t",
    )
    with FixtureServer({"7": month_valued_stream("Container 7")}) as server:
        platform_service.connect(
            store,
            None,
            platform_service.SourceSettings(
                "fuellstand", "sensorthings", server.base_url, ("7",), interval_seconds=900
            ),
            "t",
        )
        platform_service.sync(store, None, "fuellstand", now=NOW)


def test_levels_and_coverage(store):
    _measured_pilot(store)
    projects, coverage = impact.overview(store, None, AS_OF)
    pilot = next(p for p in projects if p.item.key == "sensoren-container")
    assert [lv.state for lv in pilot.levels] == ["missing", "entered", "measured", "missing"]
    assert coverage.projects == 9
    assert coverage.counts == {"measured": 1, "entered": 1, "unmeasured": 0, "missing": 34}


def test_the_impact_page_and_slide_show_the_measured_series(store):
    _measured_pilot(store)
    from tests.web.web_helpers import add_accounts, make_web

    web = make_web(store, tokens=add_accounts(store))
    page = web.client("viewer").get("/programme/impact", params={"as_of": AS_OF.isoformat()})
    assert page.status_code == 200
    row = page.text.split('href="#project-sensoren-container"')[1].split("</tr>")[0]
    assert [cell.split(">")[-1] for cell in row.split("</td>")[:4]] == [
        "keine Kennzahl",
        "nur erfasst (1)",
        "gemessen (1)",
        "keine Kennzahl",
    ]

    content = collect(store, "Norderstedt", AS_OF)
    [project] = content.impact
    assert project.title == "Sensoren Container"
    [series] = project.series
    assert series.values == (1.0, 2.0, 3.0)
    assert series.dates == ("2025-01-31", "2025-02-28", "2025-03-31")
    assert "Gemessen: SensorThings" in series.origin.label()
    deck = Presentation(io.BytesIO(render_deck(content)))
    slide = next(
        s
        for s in deck.slides
        if s.shapes.title is not None and s.shapes.title.text.startswith("Wirkung:")
    )
    chart = next(sh.chart for sh in slide.shapes if sh.has_chart)
    measured, target = chart.plots[0].series
    assert list(measured.values) == [1.0, 2.0, 3.0] and list(target.values) == [1.0] * 3
    texts = " ".join(sh.text_frame.text for sh in slide.shapes if sh.has_text_frame)
    assert "Gemessen: SensorThings" in texts and "1 von 4 Ebenen" in texts
