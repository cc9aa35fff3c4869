"""Every table of the web as a file (issue 17): the programme's lists, items, KPIs and
measurements, the audit log with its filters, a city's trend, the stored reports, and the rank
intervals inside the explorer. Values are those of the hand-made sample in ``sample_data``
(the ideas' priority is benefit / complexity: 4 / 2 = 2 and 2 / 4 = 0.5)."""

from __future__ import annotations

import io
import json
from types import SimpleNamespace

import openpyxl
import pandas as pd
from sample_data import (
    EXPECTED_2022,
    FLENSBURG,
    INTERNAL_COMMENT,
    KIEL,
    LUEBECK,
    NORDERSTEDT,
    PUBLIC_COMMENT,
)

from stadtpuls.services import analysis
from stadtpuls.web.explorer_intervals import explorer_intervals

ENTERED = "Erfasst vom Smart-City-Büro"


def csv_rows(client, url: str) -> pd.DataFrame:
    response = client.get(url)
    assert response.status_code == 200, response.text
    return pd.read_csv(io.StringIO(response.text), comment="#", dtype=str, keep_default_na=False)


def test_the_programme_lists_download_with_their_source(shared_web_data):
    client = shared_web_data.client("viewer")
    milestones = csv_rows(client, "/programme/milestones?as_of=2022-10-24&format=csv")
    assert milestones.to_dict("records") == [
        {
            "number": "1",
            "key": "beschluss",
            "title": "Beschluss Stadtvertretung",
            "due": "2099-12-31",
            "state": "open",
            "overdue": "False",
            "upcoming": "False",
            "body": "Stadtvertretung",
            "phase": "",
            "source": ENTERED,
        }
    ]
    ideas = client.get("/programme/ideas?format=json").json()
    assert ideas["permalink"].endswith("/programme/ideas")
    ranked = [(r["key"], r["benefit"], r["complexity"], r["priority"]) for r in ideas["rows"]]
    assert ranked == [("leicht", 4.0, 2.0, 2.0), ("schwer", 2.0, 4.0, 0.5)]
    assert [r["quadrant"] for r in ideas["rows"]] == ["quick_win", "thankless"]
    workbook = client.get("/programme/challenges?format=xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(workbook.content)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows()]
    header = rows.index(["key", "title", "description", "owner", "measures", "source"])
    assert rows[header + 1] == [
        "ressourcen",
        "Ressourcen sichern",
        None,
        "Chief Digital Officer",
        "Stellenplan",
        ENTERED,
    ]


def test_each_list_page_links_its_download(shared_web_data):
    client = shared_web_data.client("viewer")
    for name in ("milestones", "ideas", "challenges", "kpis"):
        html = client.get(f"/programme/{name}?as_of=2022-10-24").text
        assert f'href="/programme/{name}' in html and "format=csv" in html, name


def test_items_download_with_the_status_of_the_date_and_the_light_filter(shared_web_data):
    client = shared_web_data.client("viewer")
    items = csv_rows(client, "/programme?as_of=2022-10-24&format=csv").set_index("key")
    assert list(items.index) == ["sensoren", "app", "ak-mobil"]
    assert items.loc["sensoren", ["state", "light", "reporting_date"]].tolist() == [
        "running",
        "at_risk",
        "2022-10-24",
    ]
    assert items.at["sensoren", "source"] == f"{ENTERED} (test) am 24.10.2022"
    assert items.at["app", "source"] == "kein Statusbericht"
    earlier = csv_rows(client, "/programme?as_of=2022-06-30&format=csv").set_index("key")
    assert earlier.loc["sensoren", ["state", "light"]].tolist() == ["started", "on_track"]
    at_risk = csv_rows(client, "/programme?as_of=2022-10-24&light=at_risk&format=csv")
    assert list(at_risk["key"]) == ["sensoren"]


def test_kpis_and_measurements_download_with_each_value_s_origin(shared_web_data):
    client = shared_web_data.client("viewer")
    kpis = client.get("/programme/kpis?as_of=2022-10-24&format=json").json()["rows"]
    assert len(kpis) == 1
    container = kpis[0]
    # 10 of the way from 0 to 100
    assert (container["latest"], container["latest_date"]) == (10.0, "2022-07-02")
    assert container["progress"] == 0.1
    assert container["source"].startswith(ENTERED)
    measurements = csv_rows(client, "/programme/kpis/container?format=csv")
    assert measurements[["date", "value", "unit", "in_force"]].values.tolist() == [
        ["2022-07-02", "10", "Stück", "True"]
    ]
    assert measurements.at[0, "source"].startswith(ENTERED)


def test_the_audit_log_downloads_every_entry_its_filters_keep(shared_web_data):
    client = shared_web_data.client("editor")
    ideas = csv_rows(client, "/programme/audit?kind=idea&format=csv")
    assert sorted(ideas["key"]) == ["leicht", "schwer"]
    assert set(ideas["kind"]) == {"Idee"} and set(ideas["action"]) == {"angelegt"}
    sensors = csv_rows(client, "/programme/audit?entry=sensoren&kind=status&format=csv")
    assert len(sensors) == 2
    # newest first: the second report changes the first one's values
    assert "Stand: gestartet → läuft" in sensors.at[0, "changes"]
    assert "Ampel: im Plan → gefährdet" in sensors.at[0, "changes"]
    assert set(sensors["source"]) == {next(iter(sensors["source"]))}
    assert sensors.at[0, "source"].startswith(f"{ENTERED} (test) am ")
    page = client.get("/programme/audit?entry=sensoren&kind=status").text
    assert 'href="/programme/audit?entry=sensoren&amp;kind=status&amp;format=csv"' in page
    assert client.get("/programme/audit?format=csv").status_code == 200
    assert shared_web_data.client("viewer").get("/programme/audit?format=csv").status_code == 403


def test_a_city_s_trend_downloads_year_by_year(shared_web_data):
    client = shared_web_data.client("viewer")
    url = f"/cities/{NORDERSTEDT}?framework=mini&year=2022"
    assert (
        f'href="/cities/{NORDERSTEDT}?framework=mini&amp;edition=2022%3Acomputed&amp;table=trend'
        in (client.get(url).text)
    )
    trend = client.get(f"{url}&table=trend&format=json").json()["rows"]
    # 2021 has the reverse order of 2022: Norderstedt last, then first
    assert [(r["year"], r["rank"], r["of"]) for r in trend] == [(2021, 4, 4), (2022, 1, 4)]
    assert trend[1]["score"] == EXPECTED_2022[NORDERSTEDT][1]
    assert trend[0]["source"].startswith("Berechnet von Stadtpuls")


def test_the_stored_reports_list_downloads(shared_web_data):
    client = shared_web_data.client("viewer")
    assert 'href="/report?format=csv"' in client.get("/report").text
    frame = csv_rows(client, "/report?format=csv")
    assert list(frame.columns) == [
        "id",
        "city_ags",
        "city_name",
        "as_of",
        "language",
        "template",
        "content_sha256",
        "created_at",
        "file",
        "source",
    ]
    assert frame.empty  # the sample stores no report


EXPLORER = "/ranking?ranking=mini:computed&year=2022"


def test_the_explorer_shows_rank_intervals_once_an_analysis_is_stored(web_data, store):
    client = web_data.client("viewer")
    before = client.get(EXPLORER).text
    assert "Rangintervalle berechnen" in before
    assert "Rangintervall</th>" not in before
    assert "rank_low" not in client.get(f"{EXPLORER}&format=csv").text
    analysis.run_rank_intervals(store, "mini", 2022, "weights")
    after = client.get(EXPLORER).text
    assert "Rangintervall</th>" in after and "Rangintervalle berechnen" not in after
    # the sample's areas agree: every interval is the rank itself
    for ags, (rank, _score) in EXPECTED_2022.items():
        assert f"{ags}?" in after
        assert f'<td>{rank}</td><td class="interval">{rank}–{rank}</td>' in after
    assert "200 Wiederholungen, variiert: nur Gewichte der Bereiche" in after
    assert 'href="/ranking/intervals?ranking=mini&amp;year=2022&amp;method=weights"' in after
    frame = csv_rows(client, f"{EXPLORER}&format=csv").set_index("ags")
    assert list(frame.index) == [NORDERSTEDT, LUEBECK, KIEL, FLENSBURG]
    assert (frame["rank_low"] == frame["rank"]).all() and (
        frame["rank_high"] == frame["rank"]
    ).all()
    assert frame["interval_source"].str.contains("200 Wiederholungen").all()
    assert frame["source"].str.startswith("Berechnet von Stadtpuls").all()


def test_a_published_ranking_is_not_looked_up_for_intervals():
    """Published rankings have no analysis: no lookup (the store is not even touched)."""
    published = SimpleNamespace(kind="published", ranking="mini", year=2022)
    assert explorer_intervals(None, published) is None  # type: ignore[arg-type]


def test_an_item_s_history_and_activity_download(shared_web_data):
    viewer = shared_web_data.client("viewer")
    page = viewer.get("/programme/items/sensoren").text
    assert 'href="/programme/items/sensoren?format=csv"' in page
    assert 'href="/programme/items/sensoren?table=activity&amp;format=csv"' in page
    history = csv_rows(viewer, "/programme/items/sensoren?format=csv")
    assert history[["reporting_date", "state", "light"]].values.tolist() == [
        ["2022-10-24", "running", "at_risk"],
        ["2022-03-31", "started", "on_track"],
    ]
    assert (
        history["source"] == [f"{ENTERED} (test) am 24.10.2022", f"{ENTERED} (test) am 31.03.2022"]
    ).all()
    activity = csv_rows(viewer, "/programme/items/sensoren?table=activity&format=csv")
    # the item itself, its two status reports and its KPI's definition and measurement
    assert set(activity["kind"]) >= {"Maßnahme", "Statusmeldung"}
    assert (activity["kind"] == "Statusmeldung").sum() == 2


def test_the_districts_download_with_their_official_source(shared_web_data):
    frame = csv_rows(shared_web_data.client("viewer"), "/districts?format=csv")
    assert len(frame) == 400
    segeberg = frame.set_index("code").loc["01060"]
    assert segeberg["name"] == "Segeberg" and segeberg["n_municipalities"] == "96"
    assert "Destatis" in segeberg["source"] or "Statistisches Bundesamt" in segeberg["source"]


def test_the_impact_matrix_downloads_a_row_per_project(shared_web_data):
    client = shared_web_data.client("viewer")
    frame = csv_rows(client, "/programme/impact?as_of=2022-10-24&format=csv")
    assert list(frame["item"]) == ["sensoren", "app", "ak-mobil"]
    # the sample's one KPI names no level of the impact logic: every level lacks a KPI
    levels = frame[["input", "output", "outcome", "impact"]]
    assert (levels == "missing").all().all()
    assert (
        'href="/programme/impact?as_of=2022-10-24&amp;format=csv"'
        in client.get("/programme/impact?as_of=2022-10-24").text
    )


def test_a_public_item_s_history_and_indicators_download_without_internal_comments(
    shared_web_data,
):
    anonymous = shared_web_data.anonymous()
    page = anonymous.get("/public/items/sensoren?as_of=2022-10-24").text
    assert 'href="/public/items/sensoren?as_of=2022-10-24&amp;table=kpis&amp;format=csv"' in page
    history = anonymous.get("/public/items/sensoren?as_of=2022-10-24&format=json").json()
    assert [(r["reporting_date"], r["state"], r["light"]) for r in history["rows"]] == [
        ("2022-10-24", "running", "at_risk"),
        ("2022-03-31", "started", "on_track"),
    ]
    assert [r["comment"] for r in history["rows"]] == [None, None]  # internal comments
    assert INTERNAL_COMMENT not in json.dumps(history)
    public = anonymous.get("/public/items/ak-mobil?format=json").json()["rows"]
    assert [r["comment"] for r in public] == [PUBLIC_COMMENT]
    kpis = anonymous.get("/public/items/sensoren?as_of=2022-10-24&table=kpis&format=csv")
    frame = pd.read_csv(io.StringIO(kpis.text), comment="#")
    assert frame[["name", "latest", "target"]].values.tolist() == [
        ["Container mit Sensor", 10, 100]
    ]
    assert frame.at[0, "source"].startswith(ENTERED)
