"""Every table's download in a real Chromium against a real server (demo data), on a phone
(390 px) and a laptop: the CSV link under a table downloads a file whose rows are the table's
rows, each with its source; the explorer shows rank intervals once an uncertainty analysis of
its ranking is stored. Every page looked at passes axe-core (WCAG 2.1 A/AA) and does not scroll
sideways on the phone.

With ``STADTPULS_SCREENSHOTS=docs/screenshots`` the screenshots are kept there.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from axe import axe_violations
from live_server import NORDERSTEDT
from playwright.sync_api import Locator, Page, expect
from test_day_of_the_office import looked_at
from test_phone_and_analysis import LAPTOP, PHONE, sideways, sign_in

from stadtpuls.services import analysis

pytestmark = [pytest.mark.browser, pytest.mark.system]
VIEWPORTS = pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["phone", "laptop"])
SH = "/ranking?ranking=haselhorst:computed&year=2022&state=Schleswig-Holstein"

#: (page, the hidden label of its download links, the table rows the file must hold)
TABLES = [
    ("/programme?as_of=2022-10-24", "Maßnahmen und Stand", "main table:not(.grid-table) tbody tr"),
    ("/programme/milestones", "Meilensteine", "ol.timeline > li[id]"),
    ("/programme/ideas", "Ideen", "table[aria-labelledby='ideas-table'] tbody tr[id]"),
    ("/programme/challenges", "Herausforderungen", "section[id^='challenge-']"),
    ("/programme/kpis?as_of=2022-10-24", "Kennzahlen", "main table tbody tr"),
    ("/programme/impact?as_of=2022-10-24", "M&E-Abdeckung", "table.me-matrix tbody tr"),
    ("/programme/audit?kind=idea", "Änderungsprotokoll", "table.audit tbody tr"),
    (
        f"/cities/{NORDERSTEDT}?edition=2022:computed",
        "Entwicklung über die Jahre",
        "table[aria-labelledby='trend'] tbody tr",
    ),
    ("/districts", "Kreise", "main table tbody tr"),
    (SH, "Haselhorst", "table.ranking tbody tr"),
]


def downloaded_rows(page: Page, links: Locator) -> list[dict[str, str]]:
    """The rows of the CSV behind the first of ``links`` (its ``#`` title line left out)."""
    with page.expect_download() as info:
        links.get_by_role("link", name="CSV", exact=True).click()
    text = info.value.path().read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("#")]
    return list(csv.DictReader(io.StringIO("\n".join(lines))))


@VIEWPORTS
@pytest.mark.parametrize(("path", "label", "rows"), TABLES, ids=[t[0] for t in TABLES])
def test_a_table_downloads_as_the_rows_it_shows(
    page: Page, live_server, viewport, path, label, rows
):
    page.set_viewport_size(viewport)
    sign_in(page, live_server.url, "editor")
    page.goto(f"{live_server.url}{path}")
    assert sideways(page) == 0, path
    assert axe_violations(page) == [], path
    shown = page.locator(rows).count()
    assert shown > 0, path
    exports = page.locator("p.exports", has_text=label).first
    expect(exports).to_be_visible()
    file_rows = downloaded_rows(page, exports)
    assert len(file_rows) == shown, path
    assert all(r["source"] for r in file_rows), path  # every row says where it comes from
    if path == "/programme/ideas":
        # the file lists the ideas in the table's order, by title
        titles = page.locator("table[aria-labelledby='ideas-table'] tbody tr[id] th")
        assert [r["title"] for r in file_rows] == titles.all_inner_texts()
    if path.startswith("/cities/"):
        years = page.locator("table[aria-labelledby='trend'] tbody th").all_inner_texts()
        assert [r["year"] for r in file_rows] == years


@VIEWPORTS
def test_the_programme_pages_with_downloads_pass_axe(page: Page, live_server, viewport):
    page.set_viewport_size(viewport)
    suffix = "-phone" if viewport is PHONE else ""
    sign_in(page, live_server.url, "editor")
    for path, name in (
        ("/programme/ideas", "45-ideas-download"),
        ("/programme/kpis", "45-kpis-download"),
        ("/programme/audit?kind=milestone", "45-audit-download"),
        ("/report", "45-report-download"),
        ("/programme/items/sensoren-container", "45-item-download"),
    ):
        page.goto(f"{live_server.url}{path}")
        expect(page.locator("p.exports").first).to_be_visible()
        looked_at(page, f"{name}{suffix}")  # axe: zero violations
        assert sideways(page) == 0, path


@VIEWPORTS
def test_the_explorer_shows_rank_intervals_after_an_analysis(page: Page, live_server, viewport):
    page.set_viewport_size(viewport)
    suffix = "-phone" if viewport is PHONE else ""
    sign_in(page, live_server.url, "editor")
    page.goto(f"{live_server.url}{SH}")
    start = page.get_by_role("link", name="Rangintervalle berechnen")
    if start.count():  # no analysis stored yet (the other viewport or test may have run one)
        expect(page.get_by_role("columnheader", name="Rangintervall")).to_have_count(0)
        looked_at(page, f"44-explorer-no-intervals{suffix}")
        start.click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Rangintervalle")
        button = page.get_by_role("button", name=re.compile("^Analyse starten"))
        if button.count():
            button.click()
        expect(page.locator("#intervals-title")).to_be_visible(timeout=180_000)
        page.goto(f"{live_server.url}{SH}")
    expect(page.get_by_role("columnheader", name="Rangintervall")).to_be_visible()
    source = page.locator("#interval-source")
    expect(source).to_contain_text("Wiederholungen")
    expect(source).to_contain_text("berechnet am")
    own = page.locator("tr.own")
    rank = int(own.locator("td").nth(0).inner_text())
    low, high = (int(x) for x in own.locator("td.interval").inner_text().split("–"))
    stored = next(
        found
        for method in analysis.METHODS
        if (found := analysis.rank_intervals(live_server.store, "haselhorst", 2022, method))
    )
    percentiles = stored.frame.set_index("ags").loc[NORDERSTEDT]
    assert (low, high) == (round(percentiles["low"]), round(percentiles["high"]))
    assert low <= high
    looked_at(page, f"44-explorer-intervals{suffix}")
    assert sideways(page) == 0
    rows = downloaded_rows(page, page.locator("p.exports").first)
    mine = next(r for r in rows if r["ags"] == NORDERSTEDT)
    assert int(mine["rank"]) == rank
    # the file keeps the percentiles exactly; the page shows them as whole ranks
    assert (round(float(mine["rank_low"])), round(float(mine["rank_high"]))) == (low, high)
    assert "Wiederholungen" in mine["interval_source"]
