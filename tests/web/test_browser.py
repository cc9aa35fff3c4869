"""The cockpit in a real Chromium against a real uvicorn server (SQLite with the demo data)."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import func, select
from web_helpers import PASSWORD

from stadtpuls.store.tables.ranking import ObservationRow

pytestmark = [pytest.mark.browser, pytest.mark.system]


def log_in(page: Page, url: str, username: str) -> None:
    page.goto(f"{url}/login")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Übersicht: Norderstedt")


def observation_count(store) -> int:
    with store.session() as session:
        return session.scalar(select(func.count()).select_from(ObservationRow))


def test_log_in_change_a_status_and_see_it_in_the_history(page: Page, live_server):
    log_in(page, live_server.url, "editor")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    page.get_by_role("link", name="Programm", exact=True).click()
    page.get_by_role("link", name="Sensoren Container").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sensoren Container")
    page.get_by_label("Berichtsdatum", exact=True).fill("2022-11-30")
    page.get_by_label("Stand", exact=True).select_option(label="pausiert")
    page.get_by_label("Ampel", exact=True).select_option(label="gefährdet")
    # the demo marks "Sensoren Container" public: its latest comment is published
    page.get_by_label("Kommentar (öffentlich auf der Transparenzseite)").fill(
        "Lieferverzug der Sensoren"
    )
    page.get_by_role("button", name="Status speichern").click()
    expect(page.get_by_role("status")).to_have_text("Gespeichert.")
    newest = page.locator("#history + .scroll table tbody tr").first
    expect(newest).to_contain_text("30.11.2022")
    expect(newest).to_contain_text("pausiert")
    expect(newest).to_contain_text("Lieferverzug der Sensoren")
    expect(newest).to_contain_text("editor")
    page.goto(f"{live_server.url}/public")
    expect(page.get_by_role("cell", name="Lieferverzug der Sensoren")).to_be_visible()


def test_import_with_an_error_shows_rows_and_changes_nothing(page: Page, live_server):
    before = observation_count(live_server.store)
    log_in(page, live_server.url, "editor")
    page.get_by_role("link", name="Datenimport").click()
    page.get_by_label("Indikatorenmodell").select_option("haselhorst")
    csv = (
        b"ags;jahr;indikator;wert\n"
        b"01060063;2023;str_strategie;1\n"
        b"Atlantis;2023;str_strategie;1\n"
        b"01001000;2023;str_strategie;7\n"
    )
    page.get_by_label("Datei (CSV oder XLSX)").set_input_files(
        files=[{"name": "werte_2023.csv", "mimeType": "text/csv", "buffer": csv}]
    )
    page.get_by_role("button", name="Prüfen").click()
    report = page.locator("#problems tbody tr")
    expect(report).to_have_count(2)
    expect(report.nth(0).locator("td").nth(1)).to_have_text("3")
    expect(report.nth(1).locator("td").nth(1)).to_have_text("4")
    expect(report.nth(0)).to_contain_text("werte_2023.csv")
    expect(page.get_by_role("alert")).to_contain_text("nichts wurde gespeichert")
    assert observation_count(live_server.store) == before


def test_generate_the_report_as_pdf_in_the_background(page: Page, live_server, tmp_path):
    log_in(page, live_server.url, "viewer")
    page.get_by_role("link", name="Bericht").click()
    page.get_by_label("Stichtag des Berichts").fill("2022-10-24")
    page.get_by_label("Format").select_option("pdf")
    page.get_by_role("button", name="Bericht erzeugen").click()
    expect(page.get_by_role("status")).to_contain_text("wird erzeugt")
    link = page.get_by_role("link", name="Bericht herunterladen")
    expect(link).to_be_visible(timeout=120_000)
    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "statusbericht_norderstedt_2022-10-24.pdf"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    assert target.read_bytes()[:5] == b"%PDF-"


def test_public_page_without_login(page: Page, live_server):
    page.goto(f"{live_server.url}/public")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Norderstedt GO!")
    expect(page.get_by_role("rowheader", name="Sensoren Container")).to_be_visible()
    expect(page.get_by_role("link", name="Abmelden")).to_have_count(0)
    page.goto(f"{live_server.url}/programme")
    expect(page).to_have_url(f"{live_server.url}/login?next=%2Fprogramme")


def test_skip_link_and_keyboard_sign_in(page: Page, live_server):
    page.goto(f"{live_server.url}/login")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Zum Inhalt springen")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()
    page.get_by_label("Benutzername").focus()
    page.keyboard.type("viewer")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Übersicht: Norderstedt")


def test_ranking_explorer_in_english(page: Page, live_server):
    log_in(page, live_server.url, "viewer")
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="Ranking").first.click()
    page.get_by_label("State").select_option("Schleswig-Holstein")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_role("rowheader", name="Norderstedt")).to_be_visible()
    expect(page.locator("svg.map")).to_be_visible()
    expect(
        page.get_by_role("link", name="© GeoBasis-DE / BKG 2021 (Daten verändert)")
    ).to_have_attribute("href", "http://www.bkg.bund.de")
    page.screenshot(path="/tmp/ranking.png", full_page=False)
