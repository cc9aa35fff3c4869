"""Issue 20: every figure true for the date asked, with its source, on every surface.

The demo (synthetic computed Haselhorst 2020–2022, the published Haselhorst 2021/2022 and Bitkom
2019 editions) plus a valid partial import: 9 correct values of Norderstedt for 2023. That year
fails the framework's coverage rule (1 city of 405 with values, none scored), so it must never
be the default: no page, API answer or command shows "nan", "None" or an empty rank, and the
web and the API show the same edition for the same reporting date.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner
from web_helpers import make_web

from stadtpuls.cli.main import app as cli_app
from stadtpuls.demo import programme as demo_programme
from stadtpuls.demo import rankings as demo_rankings
from stadtpuls.services.ranking import frameworks as ranking_frameworks
from stadtpuls.services.ranking import observations as ranking_observations
from stadtpuls.store.db import Store
from stadtpuls.web.settings import WebSettings

NORDERSTEDT = "01060063"
DATES = ("2022-10-24", "2023-01-16", "2023-10-01", "2021-12-31", "2020-06-30")
NOT_A_FIGURE = re.compile(r"\b(nan|NaN|None)\b|Rang\s+(nan|–)?\s*von\s+0\b|nan\s*%")


def _partial_2023(store: Store) -> None:
    leaves = list(ranking_frameworks.framework(store, "haselhorst").leaves)[:9]
    frame = pd.DataFrame(
        {
            "ags": NORDERSTEDT,
            "year": 2023,
            "indicator": leaves,
            "value": 1.0,
            "source_url": None,
            "seen_on": None,
            "note": None,
        }
    )
    ranking_observations.store_observations(
        store, "haselhorst", frame, file_name="partial_2023.csv", sha256="c" * 64
    )


@pytest.fixture(scope="module")
def demo_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("figures") / "demo.db"
    store = Store.open(f"sqlite:///{path}")
    demo_rankings.load(store)
    demo_programme.load(store)
    _partial_2023(store)
    store.dispose()
    return path


@pytest.fixture(scope="module")
def web(demo_path: Path):
    store = Store(f"sqlite:///{demo_path}")
    settings = WebSettings(secret_key="test-secret", city="Norderstedt", framework="haselhorst")
    yield make_web(store, settings)
    store.dispose()


def _main(html: str) -> str:
    return html.split("<main", 1)[1].split("</main>", 1)[0]


@pytest.mark.parametrize("day", DATES)
@pytest.mark.parametrize(
    "path", ["/", f"/cities/{NORDERSTEDT}", "/ranking", "/cities/01002000", "/cities/06440003"]
)
def test_no_page_shows_a_figure_without_data(web, path, day):
    response = web.client("viewer").get(path, params={"as_of": day})
    assert response.status_code == 200, response.text[:500]
    main = _main(response.text)
    assert not NOT_A_FIGURE.search(main), NOT_A_FIGURE.search(main)
    assert "Quelle:" in main


@pytest.mark.parametrize("day", DATES)
def test_the_partial_year_is_never_the_default(web, day):
    body = web.api("viewer").get(f"/api/v1/cities/{NORDERSTEDT}", params={"as_of": day}).json()
    assert (body["year"], body["kind"]) != (2023, "computed")  # the partial import
    assert type(body["national"]["rank"]) is int
    assert (body["score"] is None) == (body["score_missing"] is not None)
    assert body["source"]["label"]


def test_web_and_api_show_the_same_edition_for_the_same_date(web):
    seen = {}
    for day in DATES:
        html = web.client("viewer").get("/", params={"as_of": day}).text
        web_edition = re.search(r'data-edition="([^"]+)"', html).group(1)
        api = web.api("viewer")
        city = api.get(f"/api/v1/cities/{NORDERSTEDT}", params={"as_of": day}).json()
        rule = api.get("/api/v1/rankings/haselhorst/edition", params={"as_of": day}).json()
        api_edition = f"{rule['ranking']}:{rule['year']}:{rule['kind']}"
        assert web_edition == api_edition == f"haselhorst:{city['year']}:{city['kind']}"
        seen[day] = web_edition
    # published before computed once it was published; before that the (synthetic) computed one
    assert seen == {
        "2022-10-24": "haselhorst:2022:published",
        "2023-01-16": "haselhorst:2022:published",
        "2023-10-01": "haselhorst:2023:published",  # published in September 2023
        "2021-12-31": "haselhorst:2021:published",
        "2020-06-30": "haselhorst:2020:computed",
    }


def test_the_partial_year_can_be_chosen_and_says_what_is_missing(web):
    api = web.api("viewer")
    body = api.get(
        f"/api/v1/cities/{NORDERSTEDT}",
        params={"as_of": "2023-10-01", "year": 2023, "kind": "computed"},
    ).json()
    assert (body["year"], body["kind"], body["edition"]["chosen"]) == (2023, "computed", True)
    assert body["edition"]["coverage"]["scored"] == 0
    assert body["edition"]["coverage"]["sufficient"] is False
    assert body["national"]["rank"] is None and "Abdeckungsregel" in body["national"]["missing"]
    assert body["source"]["kind"] == "synthetic"
    assert body["score"] is None and "Abdeckungsregel" in body["score_missing"]
    html = web.client("viewer").get(
        f"/cities/{NORDERSTEDT}", params={"as_of": "2023-10-01", "edition": "2023:computed"}
    )
    main = _main(html.text)
    assert not NOT_A_FIGURE.search(main)
    assert "unvollständig" in main and "SYNTHETISCH" in main
    rows = api.get("/api/v1/rankings/haselhorst/2023", params={"kind": "computed"}).json()["rows"]
    assert all(r["rank"] is None and r["missing"] for r in rows)


def test_synthetic_figures_are_marked_on_the_page(web):
    html = web.client("viewer").get("/", params={"as_of": "2020-06-30"}).text
    assert 'class="alert not-real"' in html and "SYNTHETISCH" in html


@pytest.mark.parametrize("day", DATES)
def test_cli_gives_the_same_edition_without_nan(demo_path, web, day):
    runner = CliRunner()
    base = ["--database", str(demo_path)]
    city = runner.invoke(cli_app, [*base, "city", "Norderstedt", "--as-of", day])
    assert city.exit_code == 0, city.output
    rank = runner.invoke(cli_app, [*base, "rank", "--top", "5", "--as-of", day])
    assert rank.exit_code == 0, rank.output
    for output in (city.output, rank.output):
        assert not NOT_A_FIGURE.search(output), output
    rule = web.api("viewer").get("/api/v1/rankings/haselhorst/edition", params={"as_of": day})
    said = " ".join(rule.json()["reason"].split())
    assert said in " ".join(city.output.split())
    assert said in " ".join(rank.output.split())


def test_programme_api_says_where_figures_come_from_and_what_is_stale(web):
    api = web.api("viewer")
    kpis = api.get("/api/v1/programme/kpis", params={"as_of": "2023-01-16"}).json()
    assert kpis and all(k["source"]["kind"] in ("entered", "illustrative") for k in kpis)
    flagged = {}
    for day in (date(2023, 1, 16), date(2023, 10, 1)):
        items = api.get("/api/v1/programme/items", params={"as_of": day.isoformat()}).json()
        reported = [i for i in items if i["current"]]
        assert reported
        for entry in reported:
            age = (day - date.fromisoformat(entry["current"]["reporting_date"])).days
            assert entry["stale"] is (age > 90)  # 90 days: the default age
            assert entry["source"]["label"]
        flagged[day] = sum(e["stale"] for e in reported)
    # the demo's statuses of 24.10.2022 are 84 days old in January, 342 in October
    assert flagged[date(2023, 1, 16)] < flagged[date(2023, 10, 1)] == len(reported)


def test_uncertainty_of_a_stored_ranking_skips_the_partial_year(demo_path, tmp_path):
    import json

    out = tmp_path / "intervals.json"
    command = ["index", "uncertainty", "--ranking", "haselhorst", "--top", "3", "--out", str(out)]
    result = CliRunner().invoke(cli_app, ["--database", str(demo_path), *command])
    assert result.exit_code == 0, result.output
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["source"]["kind"] == "synthetic" and written["source"]["edition"] == "2022"
    assert written["n_collapsed"] == 0
    assert "SYNTHETISCH" in result.output
