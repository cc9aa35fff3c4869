"""The cockpit in a real Chromium against a real uvicorn server (SQLite with the demo data)."""

from __future__ import annotations

import re

import pytest
from live_server import NORDERSTEDT
from playwright.sync_api import Page, expect
from web_helpers import PASSWORD

pytestmark = pytest.mark.browser


def log_in(page: Page, url: str, username: str) -> None:
    page.goto(f"{url}/login")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Übersicht")


def test_log_in_and_see_the_overview(page: Page, live_server):
    log_in(page, live_server.url, "viewer")
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.get_by_role("heading", level=1)).to_have_text("Übersicht: Norderstedt")
    page.screenshot(path="/tmp/overview.png", full_page=True)
