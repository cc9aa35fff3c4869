"""The HTML pages: who may open them, what they show (hand-computed values of ``sample_data``),
and the forms (status change, item edit with optimistic locking, import, report)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sample_data import (
    INTERNAL_COMMENT,
    LATEST_INTERNAL_COMMENT,
    NORDERSTEDT,
    PUBLIC_COMMENT,
)
from web_helpers import csrf_of

from stadtpuls.core.programme.model import Light, State, StatusEntry
from stadtpuls.services.programme import status as programme_status
from stadtpuls.store.db import Store

READ_PAGES = [
    "/",
    "/ranking",
    f"/cities/{NORDERSTEDT}?framework=mini",
    "/methodology?framework=mini",
    "/programme",
    "/programme/items/sensoren",
    "/programme/milestones",
    "/programme/ideas",
    "/programme/challenges",
    "/report",
]


def cells(html: str, column: int) -> list[str]:
    """The text of one column of the first table body (tags stripped)."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, flags=re.S)
    texts = [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, flags=re.S)[column] for r in rows]
    return [re.sub(r"<[^>]+>", "", t).strip() for t in texts]


@pytest.mark.parametrize("path", READ_PAGES)
def test_read_pages_need_an_account(shared_web_data, path):
    response = shared_web_data.anonymous().get(path)
    assert response.status_code == 303
    # a first visitor at "/" meets the landing page, which leads to the login
    expected = "/welcome" if path == "/" else "/login?next="
    assert response.headers["location"].startswith(expected)
    page = shared_web_data.client("viewer").get(path)
    assert page.status_code == 200
    assert '<html lang="de">' in page.text
    assert 'href="#main"' in page.text  # skip link


@pytest.mark.parametrize("path", ["/import", "/programme/audit"])
def test_editor_pages_refuse_viewers(shared_web_data, path):
    assert shared_web_data.client("viewer").get(path).status_code == 403
    assert shared_web_data.client("editor").get(path).status_code == 200


def test_every_form_field_has_a_label(shared_web_data):
    client = shared_web_data.client("admin")
    for path in [*READ_PAGES, "/import", "/admin/users", "/ranking"]:
        html = client.get(path).text
        ids = re.findall(
            r'<(?:input|select|textarea)(?![^>]*type="(?:hidden|submit)")[^>]*'
            r'\sid="([^"]+)"',
            html,
        )
        fields = re.findall(
            r'<(?:input|select|textarea)(?![^>]*type="(?:hidden|submit)")[^>]*>', html
        )
        assert len(ids) == len(fields), path  # every visible field has an id …
        for field_id in ids:
            assert f'for="{field_id}"' in html, (path, field_id)  # … and a label for it


def test_overview_shows_rank_change_lights_milestones_and_kpis(shared_web_data):
    html = shared_web_data.client("viewer").get("/").text
    assert "Übersicht: Norderstedt" in html
    assert re.search(r'class="big">1</p>\s*<p>von 4', html)
    assert 'class="big up">+3</p>' in html  # last of four in 2021, first in 2022
    assert "Beschluss Stadtvertretung" not in html  # due 2099: not within 90 days
    assert "Container mit Sensor" in html  # KPI off track
    assert lights_of(html) == [("on_track", "1"), ("at_risk", "1"), ("off_track", "0")]


def test_ranking_explorer_filters_sorts_and_maps(shared_web_data):
    client = shared_web_data.client("viewer")
    html = client.get("/ranking").text
    # the city the cockpit runs for (Norderstedt) is marked in table and map
    assert cells(html, 2) == ["Norderstedt eigene Stadt", "Lübeck", "Kiel", "Flensburg"]
    assert '<tr class="own">' in html and 'class="own" d="' in html
    # change against 2021 (ranks 4, 3, 2, 1 then): hand-computed in sample_data
    assert cells(html, 1) == ["+3", "+1", "−1", "−3"]
    by_name = client.get("/ranking?ranking=mini:computed&year=2022&sort=name&order=asc").text
    assert cells(by_name, 2) == ["Flensburg", "Kiel", "Lübeck", "Norderstedt eigene Stadt"]
    assert 'aria-sort="ascending"' in by_name
    by_change = client.get("/ranking?sort=change&order=desc").text
    assert cells(by_change, 1) == ["+3", "+1", "−1", "−3"]
    searched = client.get("/ranking?q=l%C3%BCb").text
    assert cells(searched, 2) == ["Lübeck"] and cells(searched, 0) == ["2"]
    earlier = client.get("/ranking?ranking=mini:computed&year=2021").text  # no 2020: no change
    assert cells(earlier, 1) == ["Flensburg", "Kiel", "Lübeck", "Norderstedt eigene Stadt"]
    assert 'viewBox="0 0 560 ' in html
    zoomed = client.get("/ranking?state=Schleswig-Holstein").text
    assert 'viewBox="0 0 560 ' not in zoomed and '<svg class="map" viewBox="' in zoomed
    assert "© GeoBasis-DE / BKG 2021 (Daten verändert)" in html
    assert '<a href="http://www.bkg.bund.de">' in html
    assert "<title>Norderstedt: 100,0</title>" in html


def lights_of(html: str) -> list[tuple[str, str]]:
    return re.findall(r'status-(on_track|at_risk|off_track)">[^<]+</span> (\d+)', html)[:3]


def test_cached_overview_shows_a_change_made_by_another_process_at_once(store, web_data):
    client = web_data.client("viewer")
    assert lights_of(client.get("/").text) == [
        ("on_track", "1"),
        ("at_risk", "1"),
        ("off_track", "0"),
    ]
    cli = Store.open(store.url, migrate=False)  # as the CLI: its own engine and connections
    try:
        programme_status.record_status(
            cli,
            None,
            StatusEntry("ak-mobil", date(2022, 11, 30), State.RUNNING, Light.OFF_TRACK),
            "cli",
        )
    finally:
        cli.dispose()
    assert lights_of(client.get("/").text) == [
        ("on_track", "0"),
        ("at_risk", "1"),
        ("off_track", "1"),
    ]


def test_cached_pages_are_the_same_page_gzipped_or_not(web_data):
    client = web_data.client("viewer")
    for path in ("/ranking", "/ranking?q=l%C3%BCb", "/"):
        zipped = client.get(path, headers={"Accept-Encoding": "gzip"})
        plain = client.get(path, headers={"Accept-Encoding": "identity"})
        assert plain.headers.get("content-encoding") is None
        assert plain.text == zipped.text
        assert plain.headers["content-type"] == "text/html; charset=utf-8"
        assert 'name="csrf_token"' in plain.text and "</main>" in plain.text
    assert "Accept-Encoding" in zipped.headers["vary"]
    explorer = client.get("/ranking", headers={"Accept-Encoding": "gzip"})
    assert explorer.headers["content-encoding"] == "gzip"


def test_city_profile_names_who_to_learn_from(shared_web_data):
    html = shared_web_data.client("viewer").get("/cities/01001000?framework=mini").text
    assert "Flensburg" in html
    assert "Rang bundesweit</dt><dd>4 von 4 (-3" in html
    assert "Von wem lernen" in html


def test_city_profile_shows_the_trend_over_all_years(shared_web_data):
    html = shared_web_data.client("viewer").get("/cities/01001000?framework=mini").text
    trend = html.split('id="trend"', 1)[1]
    assert cells(trend, 0) == ["2021", "2022"]
    assert cells(trend, 2) == ["1 / 4", "4 / 4"]  # first in 2021, last in 2022
    assert '<svg class="chart trend"' in trend and 'aria-label="Ergebnis von Flensburg' in trend


def test_reporting_date_chooses_the_ranking_year(shared_web_data):
    client = shared_web_data.client("viewer")
    assert "Übersicht: Norderstedt" in client.get("/?as_of=2021-12-31").text
    html = client.get("/cities/01001000?framework=mini").text  # the date is kept: 2021
    assert "Rang bundesweit</dt><dd>1 von 4" in html


def test_methodology_lists_weights(shared_web_data):
    html = shared_web_data.client("viewer").get("/methodology?framework=mini").text
    assert cells(html, 2) == ["", "50,0 %", "100,0 %", "50,0 %", "100,0 %"]


def test_english_switch_keeps_the_page_and_its_filters(shared_web_data):
    client = shared_web_data.client("viewer")
    german = client.get("/ranking?q=kiel").text
    assert 'href="?q=kiel&amp;lang=en" lang="en"' in german  # relative: stays on this page
    html = client.get("/programme?lang=en").text
    assert '<html lang="en">' in html and "Items by category" in html
    assert 'href="?lang=de" lang="de"' in html


def test_status_change_form_appends_to_history(web_data):
    client = web_data.client("editor")
    page = client.get("/programme/items/app").text
    assert "Noch keine Statusmeldung." in page
    response = client.post(
        "/programme/items/app/status",
        data={
            "csrf_token": csrf_of(page),
            "reporting_date": "2023-02-01",
            "state": "started",
            "light": "on_track",
            "comment": "Ausschreibung läuft",
        },
    )
    assert response.status_code == 303
    html = client.get(response.headers["location"]).text
    assert "Gespeichert." in html
    audit = client.get("/programme/audit").text
    assert cells(audit, 1)[0] == "editor" and cells(audit, 2)[0].startswith("Bürger-App")
    assert "Stand: gestartet" in " ".join(cells(audit, 4)[0].split())
    history = html.split('id="history"', 1)[1]
    age = (date.today() - date(2023, 2, 1)).days  # older than 90 days: flagged stale
    assert cells(history, 0) == [f"01.02.2023 veraltet ({age} Tage)"]
    assert cells(history, 1) == ["gestartet"]
    assert cells(history, 3) == ["Ausschreibung läuft"]
    assert cells(history, 4) == ["editor"]


def test_viewers_see_no_forms_and_cannot_post(web_data):
    client = web_data.client("viewer")
    page = client.get("/programme/items/sensoren").text
    assert 'id="status-form"' not in page
    response = client.post(
        "/programme/items/sensoren/status",
        data={"csrf_token": csrf_of(page), "reporting_date": "2023-02-01", "state": "done"},
    )
    assert response.status_code == 403


def test_item_edit_detects_concurrent_changes(web_data):
    first, second = web_data.client("editor"), web_data.client("admin")
    page_first = first.get("/programme/items/sensoren").text
    page_second = second.get("/programme/items/sensoren").text
    version = re.search(r'name="version" value="(\d+)"', page_first).group(1)
    saved = first.post(
        "/programme/items/sensoren/edit",
        data={"csrf_token": csrf_of(page_first), "version": version, "title": "Sensoren A"},
    )
    assert saved.status_code == 303
    stale = second.post(
        "/programme/items/sensoren/edit",
        data={"csrf_token": csrf_of(page_second), "version": version, "title": "Sensoren B"},
    )
    assert stale.status_code == 409
    assert "Bitte neu laden" in stale.text
    assert "<h1>Sensoren A</h1>" in first.get("/programme/items/sensoren").text


def test_import_with_errors_reports_rows_and_changes_nothing(web_data):
    client = web_data.client("editor")
    token = csrf_of(client.get("/import").text)
    bad = (
        "ags;year;indicator;value\n01001000;2023;a1;50\nNirgendwo;2023;a1;5\n01002000;2023;b1;500\n"
    )
    response = client.post(
        "/import",
        data={"csrf_token": token, "framework": "mini"},
        files={"file": ("werte.csv", bad.encode())},
    )
    assert response.status_code == 422
    report = response.text.split('id="problems"', 1)[1]
    assert cells(report, 0) == ["werte.csv", "werte.csv"]
    assert cells(report, 1) == ["3", "4"]
    assert "nichts wurde gespeichert" in response.text
    assert (
        "2023"
        not in web_data.client("viewer")
        .get("/ranking")
        .text.split('id="year"', 1)[1]
        .split("</select>", 1)[0]
    )


def test_import_checks_then_imports_on_confirmation(web_data):
    client = web_data.client("editor")
    token = csrf_of(client.get("/import").text)
    good = "ags,year,indicator,value\n01001000,2023,a1,50\n01002000,2023,a1,10\n"
    checked = client.post(
        "/import",
        data={"csrf_token": token, "framework": "mini"},
        files={"file": ("werte.csv", good.encode())},
    )
    assert checked.status_code == 200
    assert "Prüfbericht: keine Fehler" in checked.text
    ranking = web_data.client("viewer").get("/ranking").text
    assert ">2023<" not in ranking  # nothing stored before the confirmation
    upload = re.search(r'name="token" value="([^"]+)"', checked.text).group(1)
    done = client.post("/import/confirm", data={"csrf_token": token, "token": upload})
    assert done.headers["location"] == "/import"  # POST–redirect–GET: a reload sends nothing
    shown = client.get("/import").text
    assert "Importiert: 2 Werte für 2 Städte (2023)" in shown
    assert "Importiert:" not in client.get("/import").text  # said once
    assert ">2023<" in web_data.client("viewer").get("/ranking").text
    again = client.post("/import/confirm", data={"csrf_token": token, "token": upload})
    assert again.status_code == 409  # a confirmation is used once


def test_import_template_filled_in_passes_the_check(web_data):
    client = web_data.client("editor")
    form = client.get("/import").text
    assert '<option value="haselhorst" selected>' in form  # the preset is the default
    assert "eine Spalte je Indikator" in form and ">wide<" not in form
    template = client.get("/import/template/mini.csv")
    assert template.headers["content-disposition"] == (
        "attachment; filename=\"vorlage_mini.csv\"; filename*=UTF-8''vorlage_mini.csv"
    )
    assert template.content.decode("utf-8-sig") == "AGS;Name;Jahr;a1;b1\r\n"
    filled = template.content + b"01001000;Flensburg;2023;55;40\r\n01002000;;2023;12,5;\r\n"
    checked = client.post(
        "/import",
        data={"csrf_token": csrf_of(form), "framework": "mini"},
        files={"file": ("vorlage_mini.csv", filled)},
    )
    assert "Prüfbericht: keine Fehler" in checked.text
    assert "3 Werte für 2 Städte" in checked.text


def test_public_page_without_login_shows_states_and_only_public_comments(shared_web_data):
    response = shared_web_data.anonymous().get("/public")
    assert response.status_code == 200
    pilots, groups = response.text.split(">Arbeitskreise</h2>", 1)
    assert cells(pilots, 0) == ["Sensoren Container", "Bürger-App"]
    assert cells(pilots, 1) == ["läuft", "noch nicht gestartet"]
    assert cells(pilots, 4) == ["–", "–"]
    assert cells(groups, 0) == ["AK Mobilität"]
    assert cells(groups, 4) == [PUBLIC_COMMENT]
    for comment in (INTERNAL_COMMENT, LATEST_INTERNAL_COMMENT):
        assert comment not in response.text
        assert comment in shared_web_data.client("viewer").get("/programme/items/sensoren").text


def public_checkbox(page: str) -> str:
    return re.search(r'<input type="checkbox" id="edit-public"[^>]*>', page).group(0)


def test_item_edit_form_sets_and_clears_the_public_flag(web_data):
    client = web_data.client("editor")
    page = client.get("/programme/items/sensoren").text
    assert "checked" not in public_checkbox(page)
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    saved = client.post(
        "/programme/items/sensoren/edit",
        data={
            "csrf_token": csrf_of(page),
            "version": version,
            "title": "Sensoren Container",
            "public": "true",
        },
    )
    assert saved.status_code == 303
    assert LATEST_INTERNAL_COMMENT in web_data.anonymous().get("/public").text
    page = client.get("/programme/items/sensoren").text
    assert "checked" in public_checkbox(page)
    audit = client.get("/programme/audit").text
    assert cells(audit, 1)[0] == "editor" and cells(audit, 2)[0].startswith("Sensoren Container")
    assert "Kommentare öffentlich: nein → ja" in " ".join(cells(audit, 4)[0].split())
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    cleared = client.post(
        "/programme/items/sensoren/edit",
        data={"csrf_token": csrf_of(page), "version": version, "title": "Sensoren Container"},
    )
    assert cleared.status_code == 303
    assert LATEST_INTERNAL_COMMENT not in web_data.anonymous().get("/public").text


def test_item_edit_form_needs_the_csrf_token(web_data):
    client = web_data.client("editor")
    page = client.get("/programme/items/sensoren").text
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    refused = client.post(
        "/programme/items/sensoren/edit",
        data={"version": version, "title": "Sensoren Container", "public": "true"},
    )
    assert refused.status_code == 403
    assert LATEST_INTERNAL_COMMENT not in web_data.anonymous().get("/public").text


def test_idea_matrix_and_challenges(shared_web_data):
    client = shared_web_data.client("viewer")
    ideas = client.get("/programme/ideas").text
    # benefit 4, complexity 2 on a 360-unit square from (44, 22): x = 44 + 90, y = 22 + 90
    assert 'href="#idea-leicht" aria-label="1. Leichte Idee"' in ideas
    assert '<circle cx="134.0" cy="112.0" r="9"/>' in ideas
    assert '<circle cx="314.0" cy="292.0" r="9"/>' in ideas  # benefit 2, complexity 4
    rows = ideas.split('id="ideas-table"', 1)[1]
    assert cells(rows, 7) == [
        "hoher Nutzen, geringe Komplexität",
        "geringer Nutzen, hohe Komplexität",
    ]
    assert "Ressourcen sichern" in client.get("/programme/challenges").text


def test_programme_grid_shows_planned_years(shared_web_data):
    html = shared_web_data.client("viewer").get("/programme").text
    grid = html.split('id="grid"', 1)[1]
    header = re.findall(r'<th scope="col">(\d{4})</th>', grid)
    assert header[0] == "2022"
    row = grid.split("Bürger-App", 1)[1].split("</tr>", 1)[0]
    assert "vorgesehen" in row


def test_programme_grid_marks_a_carried_status_instead_of_repeating_it(shared_web_data):
    html = shared_web_data.client("viewer").get("/programme").text
    row = html.split('id="grid"', 1)[1].split("Sensoren", 1)[1].split("</tr>", 1)[0]
    cells = row.split("<td")[1:]
    assert "läuft" in cells[0] and "unverändert" not in cells[0]  # 2022: reported 24.10.2022
    assert "unverändert seit 24.10.2022" in cells[1]  # 2023: still the 2022 report
    assert "läuft" not in cells[1]
    assert "Ausschreibung verzögert sich" in cells[-1]  # the comments column


def test_the_reporting_date_is_kept_while_navigating(shared_web_data):
    client = shared_web_data.client("viewer")
    first = client.get("/programme?as_of=2022-08-01").text
    assert 'name="as_of" type="date" value="2022-08-01"' in first
    row = first.split('id="grid"', 1)[1].split("Sensoren", 1)[1].split("</tr>", 1)[0]
    assert "läuft" not in row  # the 24.10.2022 report is not known on 1.8.2022
    later = client.get("/programme").text  # the cookie keeps the date
    assert 'value="2022-08-01"' in later
    back = client.get("/programme?as_of=").text  # back to today
    assert f'value="{date.today().isoformat()}"' in back


def test_invalid_item_change_lists_every_problem(web_data):
    client = web_data.client("editor")
    page = client.get("/programme/items/sensoren").text
    version = re.search(r'name="version" value="(\d+)"', page).group(1)
    response = client.post(
        "/programme/items/sensoren/edit",
        data={"csrf_token": csrf_of(page), "version": version, "title": "   "},
    )
    assert response.status_code == 422
    assert "Nichts gespeichert: bitte die markierten Felder prüfen." in response.text
    # the reason beside the field, named by its label; the form keeps what was typed
    assert '<p id="edit-title-error" class="field-error">Pflichtfeld fehlt</p>' in response.text
    assert 'aria-describedby="edit-title-error" aria-invalid="true"' in response.text
    assert "<h1>Sensoren Container</h1>" in client.get("/programme/items/sensoren").text


def test_editor_records_a_kpi_measurement(web_data):
    client = web_data.client("editor")
    page = client.get("/programme/items/sensoren").text
    response = client.post(
        "/programme/kpis/container/measurements",
        data={
            "csrf_token": csrf_of(page),
            "item": "sensoren",
            "measured_on": "2022-12-01",
            "value": "100",
        },
    )
    # The value is shown as understood first (issue 17); saved once confirmed.
    assert "Verstanden als <strong>100 Stück</strong>" in response.text
    response = client.post(
        "/programme/kpis/container/measurements",
        data={
            "csrf_token": csrf_of(page),
            "measured_on": "2022-12-01",
            "value": "100",
            "confirmed": "100.0",
        },
    )
    assert response.headers["location"] == "/programme/kpis/container?saved=true"
    kpis = client.get("/programme/items/sensoren").text.split("<h2>Kennzahlen</h2>", 1)[1]
    assert cells(kpis, 3) == ["100 Stück"]  # whole numbers without decimals, as in the deck
    assert cells(kpis, 4) == ["erreicht"]


def test_audit_log_speaks_german(web_data):
    client = web_data.client("editor")
    page = client.get("/programme/items/sensoren").text
    client.post(
        "/programme/items/sensoren/status",
        data={"csrf_token": csrf_of(page), "reporting_date": "2022-11-30", "state": "paused"},
    )
    html = client.get("/programme/audit").text
    newest = html.split("<tbody>", 1)[1].split("</tr>", 1)[0]
    assert "Statusmeldung" in newest and "erfasst" in newest and "editor" in newest
    assert re.search(r"<td>\d\d\.\d\d\.\d{4} \d\d:\d\d</td>", newest)


def test_cached_programme_page_shows_a_new_status_at_once(store, web_data):
    client = web_data.client("viewer")
    assert "Kabel verlegt" not in client.get("/programme").text
    cli = Store.open(store.url, migrate=False)  # as the CLI: its own engine and connections
    try:
        programme_status.record_status(
            cli,
            None,
            StatusEntry(
                "sensoren", date(2022, 12, 1), State.RUNNING, Light.ON_TRACK, "Kabel verlegt"
            ),
            "cli",
        )
    finally:
        cli.dispose()
    assert "Kabel verlegt" in client.get("/programme").text  # the comments column
