"""The remaining tables of the web as files (issue 17): the user list (admins only), a user's
API tokens, a city's visibility per criterion, the evidence apply preview and the user's
report jobs. Each file has the rows the page shows, a ``source`` column and no secret."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import openpyxl
import pandas as pd
from test_report_jobs import finished, start
from web_helpers import make_web

from stadtpuls.demo import programme as demo_programme
from stadtpuls.services import accounts, evidence
from stadtpuls.web.settings import WebSettings

sys.path.insert(0, str(Path(__file__).parent.parent / "evidence"))
from test_evidence_review import crawled
from test_outlook_service import FLENSBURG, NEUMUENSTER, load_values
from test_review import BASE, NORDERSTEDT

SECRETS = {"password", "password_hash", "hash", "token", "digest", "token_digest"}


def csv_rows(client, url: str) -> pd.DataFrame:
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    return pd.read_csv(io.StringIO(response.text), comment="#", dtype=str, keep_default_na=False)


def test_admins_download_the_users_as_shown_and_no_secret(web, store):
    accounts.update_user(store, "viewer", active=False)
    client = web.client("admin")
    page = client.get("/admin/users").text
    assert 'href="/admin/users?format=csv"' in page
    users = csv_rows(client, "/admin/users?format=csv")
    assert users[["username", "role", "active"]].values.tolist() == [
        ["admin", "admin", "True"],
        ["editor", "editor", "True"],
        ["viewer", "viewer", "False"],
    ]
    assert set(users["source"]) == {"Stadtpuls: Benutzerverwaltung"}
    assert not SECRETS & set(users.columns)
    body = client.get("/admin/users?format=json").text
    assert "argon2" not in body and "$" not in body  # no password hash anywhere
    workbook = client.get("/admin/users?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.content)).active
    assert ["username", "role", "active", "source"] in [
        [c.value for c in r] for r in sheet.iter_rows()
    ]


def test_only_admins_download_the_users(web):
    assert web.client("viewer").get("/admin/users?format=csv").status_code == 403
    assert web.client("editor").get("/admin/users?format=json").status_code == 403
    anonymous = web.anonymous().get("/admin/users?format=csv", follow_redirects=False)
    assert anonymous.status_code in (303, 401, 403)
    assert "username" not in anonymous.text


def test_a_user_downloads_their_own_tokens_without_the_token(web, store):
    secret = accounts.create_token(store, "viewer", "Messwerte")
    client = web.client("viewer")
    page = client.get("/account").text
    assert 'href="/account?format=csv"' in page
    tokens = csv_rows(client, "/account?format=csv")
    # the page lists the viewer's two tokens ("tests" from the fixture, and this one), no other's
    assert sorted(tokens["name"]) == ["Messwerte", "tests"]
    assert list(tokens.columns) == ["name", "created_at", "last_used_at", "source"]
    assert set(tokens["source"]) == {"Stadtpuls: Konto"}
    assert secret not in client.get("/account?format=json").text
    assert web.tokens["viewer"] not in client.get("/account?format=csv").text


def test_the_visibility_download_has_every_criterion_of_the_page(web, store):
    ids = crawled(store)
    evidence.review(store, ids["inf_wlan"], "accept", reviewer="CDO")
    client = web.client("viewer")
    url = f"/evidence/cities/{NORDERSTEDT}?framework=haselhorst"
    assert "format=csv" in client.get(url).text
    rows = csv_rows(client, f"{url}&format=csv")
    assert len(rows) == 38  # "1 von 38" on the page: one visible, 37 not
    visible = rows[rows["visible"] == "True"]
    assert visible["indicator"].tolist() == ["inf_wlan"]
    assert visible["evidence"].tolist() == ["Im Rathaus gibt es kostenloses WLAN."]
    assert visible["source"].iat[0].startswith(f"{BASE}/, abgerufen am ")
    missing = rows[rows["visible"] == "False"]
    assert set(missing["source"].str.slice(0, 9)) == {"Crawl Nr."}


def test_the_apply_preview_downloads_its_criteria(store):
    web = make_web(store, WebSettings(secret_key="test-secret", framework="haselhorst"))
    ids = crawled(store)
    evidence.review(store, ids["inf_wlan"], "accept", reviewer="CDO")
    client = web.client("editor")
    page = client.get(f"/evidence/apply?city={NORDERSTEDT}&year=2022").text
    assert f'href="/evidence/apply?city={NORDERSTEDT}&amp;year=2022&amp;format=csv"' in page
    rows = csv_rows(client, f"/evidence/apply?city={NORDERSTEDT}&year=2022&format=csv")
    assert page.count("<tr") - 1 == len(rows)  # the header row aside, a row per criterion
    wlan = rows.set_index("indicator").loc["inf_wlan"]
    assert (wlan["finding"], wlan["after"], wlan["changes"]) == ("accepted", "1", "True")
    assert (rows["after"] == "1").sum() == 1  # the only accepted finding
    assert set(rows["source"].str.slice(0, 9)) == {"Crawl Nr."}
    assert (
        web.client("viewer").get(f"/evidence/apply?city={NORDERSTEDT}&format=csv").status_code
        == 403
    )


def test_the_user_s_report_jobs_download(web_data):
    client = web_data.client("viewer")
    finished(client, start(client, city="Nirgendwo").headers["location"])
    page = client.get("/report").text
    assert 'href="/report?table=mine&amp;format=csv"' in page
    jobs = csv_rows(client, "/report?table=mine&format=csv")
    assert jobs[["city", "as_of", "format", "state"]].values.tolist() == [
        ["Nirgendwo", "2022-10-24", "pptx", "failed"]
    ]
    assert "Nirgendwo" in jobs.at[0, "message"] and jobs.at[0, "file"] == ""
    assert "source" in jobs.columns
    assert csv_rows(web_data.client("editor"), "/report?table=mine&format=csv").empty


def test_the_projects_ranking_effect_downloads_with_the_edition_as_source(web, store):
    demo_programme.load(store)
    load_values(
        store,
        {
            NORDERSTEDT: {"eu_smart_waste": 1},
            FLENSBURG: {"eu_smart_waste": 1, "eu_umweltsensorik": 1},
            NEUMUENSTER: {"eu_beleuchtung": 1},
        },
    )
    crawled(store)
    client = web.client("viewer")
    url = f"/evidence/cities/{NORDERSTEDT}?framework=haselhorst"
    assert "table=outlook&amp;format=csv" in client.get(url).text
    rows = csv_rows(client, f"{url}&table=outlook&format=csv").set_index("key")
    # the hand-made case of tests/evidence/test_outlook_service.py: no finding accepted yet
    assert rows.loc["intelligente-beleuchtung", ["rank_now", "rank_if_visible"]].tolist() == [
        "2",
        "1",
    ]
    assert rows.loc["sensoren-container", ["visible", "rank_now", "rank_if_visible"]].tolist() == [
        "False",
        "2",
        "2",
    ]
    (source,) = set(rows["source"])  # the computed edition the page shows
    assert source.startswith("Berechnet von Stadtpuls aus importierten Werten (Modell haselhorst")
