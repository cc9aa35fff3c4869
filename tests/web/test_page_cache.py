"""The cache of finished pages (:func:`stadtpuls.web.templating.render_page`): a user's next
request for a page is answered from it, yet never with another user's or session's page
around the content, never in another language or reporting date, and never with content
built from data that has changed since.

Data: the mini ranking of ``sample_data`` (2022: Norderstedt first of four, Flensburg last;
2021 the reverse order)."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

from jinja2 import meta
from sample_data import FLENSBURG, NORDERSTEDT, load_ranking, observations
from web_helpers import csrf_of

from stadtpuls.i18n import format_rank
from stadtpuls.services.ranking import frameworks as ranking_frameworks
from stadtpuls.services.ranking import observations as ranking_observations
from stadtpuls.web.templating import templates

CITY_PAGE = f"/cities/{NORDERSTEDT}?framework=mini"
PAGES = ("/", "/ranking", "/ranking?state=Schleswig-Holstein", CITY_PAGE)
FIRST_ROW = re.compile(r'<tbody>\s*<tr[^>]*><td>(\d+)</td>.*?<a href="/cities/(\d{8})', re.S)
NATIONAL_RANK = re.compile(r"Rang bundesweit</dt><dd>([^<(]+)")


def first_row(html: str) -> tuple[int, str]:
    """(rank, AGS) of the explorer's first row."""
    rank, ags = FIRST_ROW.search(html).groups()
    return int(rank), ags


def import_2023_in_reverse(store) -> None:
    """A new year in which the order of 2022 is reversed: Flensburg first, Norderstedt last."""
    frame = observations(2023, (NORDERSTEDT, "01003000", "01002000", FLENSBURG))
    ranking_observations.store_observations(
        store, "mini", frame, file_name="mini_2023.csv", sha256="c" * 64
    )


def test_a_page_is_answered_from_the_cache_and_rebuilt_after_an_import(web, store):
    load_ranking(store)
    viewer = web.client("viewer")
    for _ in range(2):  # the second answer comes from the cache
        assert first_row(viewer.get("/ranking").text) == (1, NORDERSTEDT)
        city = viewer.get(CITY_PAGE).text
        assert NATIONAL_RANK.search(city).group(1).strip() == format_rank(1, 4)
    kept = web.app.state.pages.nbytes
    assert kept > 0
    assert viewer.get("/ranking").content == viewer.get("/ranking").content
    assert web.app.state.pages.nbytes == kept  # nothing new was rendered

    import_2023_in_reverse(store)  # the newest year is now 2023

    assert first_row(viewer.get("/ranking").text) == (1, FLENSBURG)
    city = viewer.get(CITY_PAGE).text
    assert NATIONAL_RANK.search(city).group(1).strip() == format_rank(4, 4)


def test_a_change_of_a_framework_is_never_answered_with_the_old_page(web, store):
    load_ranking(store)
    viewer = web.client("viewer")
    assert "Bereich A" in viewer.get(CITY_PAGE).text
    mini = ranking_frameworks.framework(store, "mini")
    nodes = tuple(
        replace(node, name="Feld Alpha") if node.code == "a" else node for node in mini.nodes
    )
    ranking_frameworks.register_framework(store, replace(mini, nodes=nodes))
    page = viewer.get(CITY_PAGE).text
    assert "Feld Alpha" in page
    assert "Bereich A" not in page


def own_token(client) -> str:
    """The CSRF token of the client's session, from a page that is never cached."""
    return csrf_of(client.get("/account").text)


def test_the_page_around_the_content_is_never_shared_between_users_or_sessions(web, store):
    load_ranking(store)
    admin, viewer, other_viewer = web.client("admin"), web.client("viewer"), web.client("viewer")
    tokens = {name: own_token(c) for name, c in {"admin": admin, "viewer": viewer}.items()}
    tokens["other"] = own_token(other_viewer)
    assert len(set(tokens.values())) == 3
    for path in PAGES:
        for name, client in (("admin", admin), ("viewer", viewer), ("other", other_viewer)) * 2:
            response = client.get(path)
            assert response.status_code == 200, (path, name)
            page = response.text
            assert csrf_of(page) == tokens[name], (path, name)
            username = "admin" if name == "admin" else "viewer"
            assert f"Abmelden ({username})" in page
            assert ('href="/admin/users"' in page) == (name == "admin")
            assert ('href="/import"' in page) == (name == "admin")


def test_language_and_reporting_date_of_the_same_address_are_told_apart(web, store):
    load_ranking(store)
    viewer = web.client("viewer")
    assert "Abmelden" in viewer.get("/ranking").text
    assert "Sign out" in viewer.get("/ranking?lang=en").text
    english = viewer.get("/ranking").text  # same address as the first, the cookie says English
    assert "Sign out" in english
    assert "Abmelden" not in english
    viewer.get("/ranking?lang=de")
    chosen = viewer.get("/ranking?as_of=2022-06-30").text
    assert 'name="as_of" type="date" value="2022-06-30"' in chosen
    assert 'value="2022-06-30"' in viewer.get("/ranking").text  # the cookie keeps the date
    today = viewer.get("/ranking?as_of=").text
    assert 'value="2022-06-30"' not in today
    assert first_row(today) == (1, NORDERSTEDT)


def test_an_uncompressed_and_a_compressed_answer_are_the_same_page(web, store):
    load_ranking(store)
    viewer = web.client("viewer")
    plain = viewer.get("/ranking", headers={"Accept-Encoding": "identity"})
    packed = viewer.get("/ranking", headers={"Accept-Encoding": "gzip"})
    assert "content-encoding" not in plain.headers
    assert packed.headers["content-encoding"] == "gzip"
    assert packed.text == plain.text  # httpx decompressed it


FRAME_TEMPLATES = ("base.html", "part_page.html", "programme_part_page.html", "_light.html")
#: What :func:`stadtpuls.web.templating.render_page` keys a finished page by, besides the part.
KEYED = {"request", "part", "language", "account", "csrf_token", "as_of", "as_of_chosen"}


def test_the_page_around_a_part_reads_nothing_the_cache_key_leaves_out():
    """Whoever adds a value to the page frame must add it to the key of the page cache too:
    else one user's page could be served to another."""
    folder = Path(templates.env.loader.searchpath[0])
    read, macros = set(), set()
    for name in FRAME_TEMPLATES:
        source = (folder / name).read_text()
        read |= meta.find_undeclared_variables(templates.env.parse(source))
        macros |= set(re.findall(r"{% macro (\w+)", source))
        # the request is keyed by its address: only the address may be read from it
        assert set(re.findall(r"request\.(\w+)", source)) <= {"url", "query_params"}, name
    assert read - set(templates.env.globals) - macros <= KEYED
    assert {"account", "csrf_token", "language", "request"} <= read
