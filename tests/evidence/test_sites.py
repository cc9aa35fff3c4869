"""The city sites registry: import all or nothing, set one, list; the pages store."""

from __future__ import annotations

from datetime import datetime

import pandas as pd
import pytest

from stadtpuls.core.evidence.model import Link, Page
from stadtpuls.errors import InputRejected, NotFound, StadtpulsError
from stadtpuls.services import evidence_crawl as service
from stadtpuls.store.evidence import CrawlRepository, PageRecord


def write_csv(tmp_path, text: str, name: str = "sites.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_sites_file_is_imported_with_names_and_ags(store, tmp_path):
    path = write_csv(
        tmp_path, "ags;url\n01060063;https://www.norderstedt.de/\nKiel;https://www.kiel.de\n"
    )
    assert service.import_sites(store, path) == 2
    assert [(s.ags, s.url) for s in service.list_sites(store)] == [
        ("01002000", "https://www.kiel.de"),
        ("01060063", "https://www.norderstedt.de/"),
    ]


def test_a_bad_sites_file_saves_nothing_and_names_every_problem(store, tmp_path):
    path = write_csv(
        tmp_path,
        "ags,url\n01060063,https://www.norderstedt.de/\n"
        "Neustadt,https://neustadt.example\n"
        "99999999,www.ohne-schema.de\n"
        "01060063,https://doppelt.example\n"
        ",https://leer.example\n",
    )
    with pytest.raises(InputRejected) as rejected:
        service.import_sites(store, path)
    problems = [(p.row, p.field) for p in rejected.value.problems]
    assert problems == [(3, "ags"), (4, "ags"), (4, "url"), (5, "ags"), (6, "ags")]
    reasons = {p.row: p.reason for p in rejected.value.problems if p.field == "ags"}
    assert "Zeile 2" in reasons[5]  # the duplicate names the first row
    assert service.list_sites(store) == []


def test_a_sites_file_needs_both_columns(store, tmp_path):
    path = write_csv(tmp_path, "gemeinde;adresse\nKiel;x\n")
    with pytest.raises(InputRejected) as rejected:
        service.import_sites(store, path)
    assert [(p.row, p.field) for p in rejected.value.problems] == [(1, "url")]


def test_an_xlsx_sites_file_is_read(store, tmp_path):
    path = tmp_path / "sites.xlsx"
    pd.DataFrame({"AGS": ["01002000"], "Website": ["https://www.kiel.de/"]}).to_excel(
        path, index=False
    )
    assert service.import_sites(store, path) == 1
    assert service.list_sites(store)[0].url == "https://www.kiel.de/"


def test_set_replaces_one_site_and_refuses_a_non_url(store):
    service.set_site(store, "Norderstedt", "https://www.norderstedt.de/")
    site = service.set_site(store, "01060063", "https://norderstedt.de/start")
    assert (site.ags, site.url) == ("01060063", "https://norderstedt.de/start")
    assert len(service.list_sites(store)) == 1
    with pytest.raises(StadtpulsError, match="keine Web-Adresse"):
        service.set_site(store, "Kiel", "ftp://kiel.de")
    service.remove_site(store, "Norderstedt")
    assert service.list_sites(store) == []
    with pytest.raises(NotFound):
        service.remove_site(store, "Norderstedt")


def test_pages_keep_what_re_matching_needs(store):
    page = Page(
        url="https://x.example/a",
        title="Ä",
        text="Zeile eins\nZeile zwei",
        links=(Link("https://y.example/b", "Online-Termin"),),
        headings=("Kopf",),
    )
    when = datetime(2026, 11, 29, 12, 0, 0)
    with store.session() as session:
        crawls = CrawlRepository(session)
        crawl_id = crawls.start_crawl("01060063", "https://x.example/", {"r": 1})
        ids = crawls.add_pages(
            crawl_id,
            [
                PageRecord(page.url, when, 200, page, "abc"),
                PageRecord("https://x.example/c.json", when, 200, skipped="not_html"),
                PageRecord(page.url, when, 200, page, "abc"),  # repeated: stored once
            ],
        )
        crawl = crawls.finish_crawl(crawl_id)
    assert set(ids) == {page.url, "https://x.example/c.json"}
    assert crawl.pages == 1 and crawl.finished_at is not None and crawl.settings == {"r": 1}
    with store.session() as session:
        stored = list(CrawlRepository(session).pages(crawl_id))
    assert [(s.url, s.skipped) for s in stored] == [
        (page.url, None),
        ("https://x.example/c.json", "not_html"),
    ]
    assert stored[0].page == Page(page.url, "Ä", page.text, page.links, page.headings, when, 200)
