"""The office's whole day in a real Chromium (issue 17), on a laptop and on a phone (390 px):
milestones, ideas and challenges edited, forms that keep the input, a status report, the audit
log, evidence crawled now, previewed and applied, an API token, user administration. Every
page passes axe-core (WCAG 2.1 A/AA); on the phone none of the office's pages scrolls sideways.

With ``STADTPULS_SCREENSHOTS=docs/screenshots`` the screenshots of the documentation are kept.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe import axe_violations
from live_server import LiveServer, demo_store, run_server
from playwright.sync_api import Page, expect
from web_helpers import PASSWORD, ROLES

from stadtpuls.web.server import CRAWL_ALLOW_NETWORKS_ENV

pytestmark = [pytest.mark.browser, pytest.mark.system]
SCREENSHOTS = os.environ.get("STADTPULS_SCREENSHOTS")
VIEWPORTS = {"laptop": (1280, 900), "phone": (390, 844)}
#: The elements reaching beyond the viewport outside any box that scrolls on its own.
TOO_WIDE = """() => [...document.querySelectorAll("body *")].filter((e) => {
  if (e.getBoundingClientRect().right <= window.innerWidth + 1) return false;
  for (let p = e.parentElement; p; p = p.parentElement) {
    if (getComputedStyle(p).overflowX !== "visible") return false;
  }
  return true;
}).slice(0, 5).map((e) => `${e.tagName.toLowerCase()}.${e.className}#${e.id}`)"""


@pytest.fixture
def office_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveServer]:
    """A server of its own (the walk changes the data), with the demo data; its crawler may
    reach the city's site on loopback, which a production server refuses (docs/security.md)."""
    monkeypatch.setenv(CRAWL_ALLOW_NETWORKS_ENV, "127.0.0.0/8")
    store = demo_store(tmp_path, {role: (PASSWORD, role) for role in ROLES})
    for url in run_server(store, wait_seconds=180):  # a loaded machine starts it slowly
        yield LiveServer(url, store)
    store.dispose()


#: Serves the demo website of the city from a process of its own: served from a thread of the
#: test process, it hardly gets a turn while Playwright waits in the main thread.
SITE_SERVER = """
import sys
from importlib import resources
from stadtpuls.demo.webserver import DirectorySite, SiteServer
site = resources.files("stadtpuls.demo").joinpath("data", "evidence_site")
with resources.as_file(site) as root, SiteServer({"site": DirectorySite(root)}) as server:
    print(server.base_url("site") + "/", flush=True)
    sys.stdin.read()
"""


@pytest.fixture
def city_site() -> Iterator[str]:
    """The demo website of the city on a loopback address (nothing leaves the machine)."""
    server = subprocess.Popen(
        [sys.executable, "-c", SITE_SERVER],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        yield server.stdout.readline().strip()
    finally:
        server.stdin.close()
        server.wait(timeout=10)


class Walk:
    """The browser on one viewport: every page it looks at passes axe and, on the phone, fits."""

    def __init__(self, page: Page, url: str, viewport: str) -> None:
        self.page, self.url, self.viewport = page, url, viewport
        page.set_viewport_size(dict(zip(("width", "height"), VIEWPORTS[viewport], strict=True)))

    def looked_at(self, name: str) -> None:
        assert axe_violations(self.page) == [], self.page.url
        if self.viewport == "phone":
            width = self.page.evaluate("document.documentElement.scrollWidth")
            assert width <= VIEWPORTS["phone"][0], (
                f"{self.page.url} scrolls sideways: {width}px, {self.page.evaluate(TOO_WIDE)}"
            )
        if SCREENSHOTS:
            suffix = "" if self.viewport == "laptop" else "-phone"
            target = Path(SCREENSHOTS) / f"{name}{suffix}.png"
            target.parent.mkdir(parents=True, exist_ok=True)
            self.page.screenshot(path=str(target), full_page=True)

    def menu(self, name: str) -> None:
        """Follow an entry of the main navigation (opening a collapsed menu first)."""
        link = self.page.get_by_role("navigation", name="Hauptnavigation").get_by_role(
            "link", name=name, exact=True
        )
        if not link.is_visible():
            self.page.locator("details.menu > summary", has_text="Menü").click()
        link.click()

    def sign_in(self, user: str) -> None:
        self.page.goto(f"{self.url}/login")
        self.page.get_by_label("Benutzername").fill(user)
        self.page.get_by_label("Passwort").fill(PASSWORD)
        self.page.get_by_role("button", name="Anmelden").click()
        expect(self.page.get_by_role("heading", level=1)).to_contain_text("Übersicht")

    def button(self, name: str) -> None:
        self.page.get_by_role("button", name=name, exact=True).click()


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_the_offices_day(page: Page, office_server, city_site, viewport):
    walk = Walk(page, office_server.url, viewport)
    walk.sign_in("editor")
    milestones_and_timeline(walk)
    ideas_and_challenges(walk)
    status_report(walk)
    audit_log(walk)
    evidence(walk, city_site)
    api_token(walk)
    walk.sign_in("admin")
    user_administration(walk)
    in_english(walk)


def milestones_and_timeline(walk: Walk) -> None:
    page = walk.page
    walk.menu("Programm")
    page.get_by_role("link", name="Meilensteine und Zeitplan").click()  # two clicks
    expect(page.locator("svg.gantt")).to_be_visible()
    expect(page.locator("svg.gantt rect.phase")).to_have_count(2)
    expect(page.locator("svg.gantt path[class^=ms-]")).to_have_count(2)
    walk.looked_at("30-milestones")
    page.get_by_role("link", name="Neuer Meilenstein").click()
    expect(page.get_by_label("Nummer")).to_have_value("3")  # the next number, proposed
    page.get_by_label("Nummer").fill("drei")
    page.get_by_label("Titel").fill("Förderbescheid eingegangen")
    page.get_by_label("Fällig am").fill("2023-03-31")
    walk.button("Speichern")
    # refused on the same form: the reason beside the field, the title kept
    expect(page.locator("#f-number-error")).to_have_text("'drei' ist keine Zahl")
    expect(page.get_by_label("Titel")).to_have_value("Förderbescheid eingegangen")
    walk.looked_at("31-form-error")
    page.get_by_label("Nummer").fill("3")
    walk.button("Speichern")
    expect(page.get_by_role("status")).to_have_text("Gespeichert: Förderbescheid eingegangen")
    entry = page.locator("#milestone-foerderbescheid-eingegangen")
    expect(entry).to_contain_text("31.03.2023 – 3. Förderbescheid eingegangen")
    page.get_by_role("button", name="als erreicht: Förderbescheid eingegangen").click()
    expect(entry).to_contain_text("(erreicht")
    entry.get_by_role("link", name="Bearbeiten").click()
    walk.looked_at("32-milestone-edit")
    walk.button("Löschen")
    expect(page.get_by_role("status")).to_contain_text("Gelöscht: Förderbescheid eingegangen.")
    expect(page.locator("#milestone-foerderbescheid-eingegangen")).to_have_count(0)
    walk.button("Rückgängig machen")
    expect(page.get_by_role("status")).to_have_text("Wiederhergestellt: Förderbescheid eingegangen")
    expect(page.locator("#milestone-foerderbescheid-eingegangen")).to_be_visible()


def ideas_and_challenges(walk: Walk) -> None:
    page = walk.page
    page.get_by_role("link", name="Ideenmatrix").click()
    page.get_by_role("link", name="Neue Idee").click()
    page.get_by_label("Titel").fill("Digitale Parkraumanzeige")
    selects = page.locator("fieldset select")
    for n in range(selects.count()):
        selects.nth(n).select_option("5" if n < 2 else "1")  # benefit high, complexity low
    walk.looked_at("33-idea-form")
    walk.button("Speichern")
    row = page.locator("#idea-digitale-parkraumanzeige")
    expect(row).to_contain_text("hoher Nutzen, geringe Komplexität")
    walk.looked_at("34-ideas")
    row.get_by_role("link", name="bearbeiten, bewerten: Digitale Parkraumanzeige").click()
    page.get_by_label("Kategorie des Projekts").select_option(label="Pilotprojekte")
    walk.button("Projekt anlegen")
    expect(page.get_by_role("heading", level=1)).to_have_text("Digitale Parkraumanzeige")
    page.get_by_role("link", name="Herausforderungen").click()
    page.get_by_role("link", name="Neue Herausforderung").click()
    page.get_by_label("Titel").fill("Fachkräfte für Datenprojekte")
    page.get_by_label("Maßnahmen (eine je Zeile)").fill(
        "Kooperation mit der Hochschule\nTraineeprogramm"
    )
    walk.button("Speichern")
    expect(page.locator("#challenge-fachkraefte-fuer-datenprojekte")).to_contain_text(
        "Traineeprogramm"
    )
    walk.looked_at("35-challenges")


def status_report(walk: Walk) -> None:
    page = walk.page
    page.get_by_role("link", name="Maßnahmen und Statusraster").click()
    page.get_by_role("link", name="Sensoren Container").first.click()
    light = page.get_by_label("Ampel", exact=True)
    expect(light).to_have_value("on_track")  # kept from the last report, not reset to none
    expect(page.get_by_label("Stand", exact=True)).to_have_value("running")
    page.get_by_label("Berichtsdatum", exact=True).fill("")
    comment = page.get_by_label("Kommentar (öffentlich auf der Transparenzseite)")
    comment.fill("Sensoren geliefert, Einbau läuft")
    walk.button("Status speichern")
    expect(page.locator("#status-reporting_date-error")).to_have_text("Pflichtfeld fehlt")
    expect(comment).to_have_value("Sensoren geliefert, Einbau läuft")  # nothing lost
    page.get_by_label("Berichtsdatum", exact=True).fill("2022-11-30")
    light.select_option(label="gefährdet")
    walk.button("Status speichern")
    expect(page.get_by_role("status")).to_have_text("Gespeichert.")
    expect(page.get_by_label("Ampel", exact=True)).to_have_value("at_risk")
    feed = page.locator("#activity + .scroll tbody tr").first
    expect(feed).to_contain_text("Ampel: im Plan → gefährdet")
    walk.looked_at("36-item-activity")


def audit_log(walk: Walk) -> None:
    page = walk.page
    page.get_by_role("link", name="Änderungsprotokoll").click()
    page.get_by_label("Art").select_option(label="Meilenstein")
    walk.button("Filtern")
    newest = page.locator("table.audit tbody tr").first
    expect(newest).to_contain_text("Förderbescheid eingegangen (Meilenstein)")
    expect(page.locator("table.audit")).to_contain_text("Stand: offen → erreicht")
    expect(page.locator("table.audit caption")).to_contain_text("deutscher Ortszeit")
    walk.looked_at("37-audit")


def evidence(walk: Walk, site: str) -> None:
    page = walk.page
    walk.menu("Belege")
    page.get_by_label("Gemeinde (AGS oder Name)").fill("Norderstedt")
    page.get_by_label("Website (https://…)").fill(site)
    walk.button("Speichern")
    expect(page.get_by_role("status")).to_have_text("Gespeichert: Norderstedt")
    walk.looked_at("38-evidence-sites")
    walk.button("Jetzt crawlen: Norderstedt")
    expect(page.get_by_role("heading", level=1)).to_have_text("Crawl der Website: Norderstedt")
    expect(page.get_by_role("status")).to_contain_text("Fertig:", timeout=90_000)
    walk.looked_at("39-evidence-crawl")
    page.get_by_role("link", name="Vorschau: was sich im Ranking ändert, dann übernehmen").click()
    expect(page.locator("#rank-change")).to_contain_text("noch keine Werte für dieses Jahr")
    page.get_by_label("Jahr der Werte").fill("2022")  # the year of the council report
    walk.button("Vorschau zeigen")
    expect(page.locator("#rank-change")).to_contain_text("→")
    walk.looked_at("40-evidence-apply")
    page.get_by_label("Ungeprüfte Fundstellen als nicht belegt zählen").check()
    walk.button("Werte übernehmen")
    expect(page.get_by_role("status")).to_contain_text("Übernommen")
    expect(page.locator("#changed-count")).to_contain_text("0 von")
    page.get_by_role("link", name="Fundstellen prüfen").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Fundstellen prüfen")


def api_token(walk: Walk) -> None:
    page = walk.page
    walk.menu("Mein Konto")
    page.get_by_label("Name des Tokens").fill("Messwerte der Datenplattform")
    walk.button("Token anlegen")
    expect(page.locator("#new-token")).to_contain_text("sp_")
    walk.looked_at("41-account")
    page.reload()
    expect(page.locator("#new-token")).to_have_count(0)  # shown once
    walk.button("Widerrufen: Messwerte der Datenplattform")
    expect(page.get_by_role("status")).to_contain_text("Token widerrufen")
    expect(page.locator("#tokens ~ .scroll table")).not_to_contain_text(
        "Messwerte der Datenplattform"
    )


def user_administration(walk: Walk) -> None:
    page = walk.page
    walk.menu("Benutzer")
    page.get_by_label("Benutzername (keine Klarnamen nötig, z. B. Funktion)").fill("stabsstelle")
    page.get_by_label("Passwort (mindestens 12 Zeichen)").fill("kurz")
    page.get_by_label("Rolle", exact=True).last.select_option(label="Bearbeiter")
    walk.button("Anlegen")
    expect(page.locator("#new-password-error")).to_contain_text("zu kurz")
    expect(page.get_by_label("Benutzername (keine Klarnamen nötig, z. B. Funktion)")).to_have_value(
        "stabsstelle"
    )
    page.get_by_label("Passwort (mindestens 12 Zeichen)").fill("ein langes Passwort")
    walk.button("Anlegen")
    row = page.locator("#user-stabsstelle")
    expect(row.get_by_role("combobox")).to_have_value("editor")
    row.get_by_label("Neues Passwort für stabsstelle").fill("ein anderes langes Passwort")
    walk.button("Passwort setzen: stabsstelle")
    expect(page.get_by_role("status")).to_have_text("Gespeichert: stabsstelle")
    row.get_by_label("aktiv").uncheck()
    walk.button("Rolle und Status speichern: stabsstelle")
    expect(page.locator("#user-stabsstelle")).to_contain_text("(deaktiviert)")
    walk.looked_at("42-admin-users")


def in_english(walk: Walk) -> None:
    page = walk.page
    for path, heading in (
        ("/programme/milestones?lang=en", "Milestones and timeline"),
        ("/programme/audit", "Audit log"),
        ("/account", "My account"),
        ("/evidence/sites", "Official city websites"),
    ):
        page.goto(f"{walk.url}{path}")
        expect(page.get_by_role("heading", level=1)).to_have_text(heading)
        walk.looked_at("43-" + path.strip("/").split("?")[0].replace("/", "-") + "-en")
    expect(page.locator("main")).not_to_contain_text("Gemeinde")
    page.goto(f"{walk.url}/?lang=de")
