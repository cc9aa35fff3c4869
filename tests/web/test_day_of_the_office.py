"""A day of the smart-city office in a real Chromium against a real server (demo data): every
page it opens has zero axe-core violations of WCAG 2.1 A/AA.

With ``STADTPULS_SCREENSHOTS=docs/screenshots`` the test also keeps a screenshot of each page
there (the pictures in the documentation are made this way)."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import pytest
from axe import axe_violations
from live_server import NORDERSTEDT
from playwright.sync_api import Page, expect
from web_helpers import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.system]
SCREENSHOTS = os.environ.get("STADTPULS_SCREENSHOTS")


def looked_at(page: Page, name: str) -> None:
    """The page passes axe; its screenshot is kept when asked for."""
    assert axe_violations(page) == [], page.url
    if SCREENSHOTS:
        Path(SCREENSHOTS).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(SCREENSHOTS) / f"{name}.png"), full_page=True)


def test_a_day_of_the_office(page: Page, live_server, tmp_path):
    page.set_viewport_size({"width": 1280, "height": 900})
    url = live_server.url
    page.goto(f"{url}/login")
    looked_at(page, "01-login")
    page.get_by_label("Benutzername").fill("editor")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Übersicht: Norderstedt")

    # the reporting date of the council report, kept from now on
    page.get_by_label("Stichtag", exact=True).fill("2022-10-24")
    page.get_by_role("button", name="Übernehmen").click()
    expect(page.get_by_label("Stichtag", exact=True)).to_have_value("2022-10-24")
    milestones = page.locator(".card", has_text="Nächste Meilensteine")
    expect(milestones).to_contain_text("30.11.2022 Norderstedt GO! Vision und Mission")
    expect(milestones).not_to_contain_text("überfällig")  # as the deck of 24.10.2022 says
    expect(page.locator(".card", has_text="Rang").first).to_contain_text("2022")
    looked_at(page, "02-overview")

    page.get_by_role("link", name="Stadtprofil mit Stärken, Schwächen und Vorbildern").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Norderstedt")
    # the published edition (the date rule's) has no trend; Stadtpuls computes it
    expect(page.get_by_text("dafür die berechnete Ausgabe wählen")).to_be_visible()
    page.get_by_label("Ranking-Ausgabe").select_option("2022:computed")
    page.get_by_role("button", name="Anzeigen").click()
    expect(page.locator("#trend + .trend-box tbody tr")).to_have_count(3)  # 2020–2022
    looked_at(page, "03-city")

    page.get_by_role("link", name="Ranking", exact=True).click()
    page.get_by_label("Bundesland").select_option("Schleswig-Holstein")
    page.get_by_role("button", name="Filtern").click()
    own = page.locator("tr.own")
    expect(own).to_contain_text("Norderstedt")
    expect(page.locator("svg.map path.own")).to_have_count(1)
    looked_at(page, "04-ranking-explorer")

    page.get_by_role("link", name="Programm", exact=True).click()
    grid = page.locator(".grid-table")
    expect(grid.locator("thead")).to_contain_text("2022")
    expect(grid.locator("thead")).to_contain_text("Kommentar")
    looked_at(page, "05-programme-grid")

    page.get_by_role("link", name="Sensoren Container").first.click()
    expect(page.get_by_label("Berichtsdatum", exact=True)).to_have_value("2022-10-24")
    looked_at(page, "06-item")
    page.get_by_label("Stand", exact=True).select_option(label="läuft")
    page.get_by_label("Ampel", exact=True).select_option(label="gefährdet")
    page.get_by_label("Kommentar (öffentlich auf der Transparenzseite)").fill(
        "Sensoren geliefert, Einbau läuft"
    )
    page.get_by_role("button", name="Status speichern").click()
    expect(page.get_by_role("status")).to_have_text("Gespeichert.")
    expect(page.locator("#history + .scroll table tbody")).to_contain_text(
        "Sensoren geliefert, Einbau läuft"
    )

    page.get_by_role("link", name="Datenimport").click()
    expect(page.get_by_label("Indikatorenmodell")).to_have_value("haselhorst")
    looked_at(page, "07-import")
    bad = b"AGS;Jahr;str_strategie\n" + NORDERSTEDT.encode() + b";2023;ja\nAtlantis;2023;ja\n"
    page.get_by_label("Datei (CSV oder XLSX)").set_input_files(
        files=[{"name": "werte_2023.csv", "mimeType": "text/csv", "buffer": bad}]
    )
    page.get_by_role("button", name="Prüfen").click()
    expect(page.locator("#problems tbody tr")).to_have_count(1)
    expect(page.locator("#problems tbody tr td").nth(1)).to_have_text("3")
    looked_at(page, "08-import-rejected")
    good = b"AGS;Jahr;str_strategie\n" + NORDERSTEDT.encode() + b";2023;ja\n"
    page.get_by_label("Datei (CSV oder XLSX)").set_input_files(
        files=[{"name": "werte_2023.csv", "mimeType": "text/csv", "buffer": good}]
    )
    page.get_by_role("button", name="Prüfen").click()
    expect(page.get_by_role("heading", name="Prüfbericht: keine Fehler")).to_be_visible()
    page.get_by_role("button", name="Jetzt importieren").click()
    expect(page.get_by_role("status")).to_contain_text("Importiert: 1 Wert für 1 Stadt")

    page.get_by_role("link", name="Bericht", exact=True).click()
    expect(page.get_by_label("Stichtag des Berichts")).to_have_value("2022-10-24")
    looked_at(page, "09-report")
    page.get_by_role("button", name="Bericht erzeugen").click()
    download_link = page.get_by_role("link", name="Bericht herunterladen")
    expect(download_link).to_be_visible(timeout=90_000)  # the page follows the job
    looked_at(page, "10-report-done")
    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.suggested_filename == "statusbericht_norderstedt_2022-10-24.pptx"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    with zipfile.ZipFile(target) as deck:
        assert any(
            "Norderstedt" in deck.read(n).decode("utf-8")
            for n in deck.namelist()
            if n.startswith("ppt/slides/slide")
        )


@pytest.mark.parametrize(
    "path",
    [
        "/programme/milestones",
        "/programme/ideas",
        "/programme/challenges",
        "/programme/audit",
        "/methodology",
        "/public",
        "/admin/users",
        f"/cities/{NORDERSTEDT}?year=2021",
        "/ranking?year=2022&page=2",
        "/districts",
        "/districts/01060",
    ],
)
def test_every_other_page_passes_axe(page: Page, live_server, path):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/login")
    page.get_by_label("Benutzername").fill("admin")
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Übersicht")
    page.goto(f"{live_server.url}{path}")
    name = path.strip("/").replace("/", "-").split("?")[0] or "overview"
    looked_at(page, f"20-{name}")
