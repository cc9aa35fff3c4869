"""What counts as the city's site, and HTML reduced to a Page (hand-written inputs)."""

from __future__ import annotations

from stadtpuls.core.evidence.model import Link
from stadtpuls.crawl.extract import page_from_html
from stadtpuls.crawl.spider import CitySite, city_domain


def test_the_site_is_the_domain_and_its_subdomains():
    site = CitySite("01060063", city_domain("https://www.norderstedt.de/start"), max_pages=10)
    assert site.domain == "norderstedt.de"
    owned = [
        "https://norderstedt.de/a",
        "http://www.norderstedt.de/b",
        "https://service.norderstedt.de/c",
    ]
    foreign = [
        "https://xnorderstedt.de/",
        "https://norderstedt.de.example.org/",
        "https://henstedt-ulzburg.de/",
        "https://termine.buchungsportal.invalid/n",
    ]
    assert [site.owns(u) for u in owned + foreign] == [True] * 3 + [False] * 4


def test_an_address_stands_for_itself_and_the_limit_counts_new_pages_only():
    site = CitySite("01060063", city_domain("http://127.0.0.2:8000/"), max_pages=2)
    assert not site.owns("http://10.127.0.0.2/")
    assert site.admit("http://127.0.0.2:8000/a.html")
    assert not site.admit("http://127.0.0.2:8000/a.html#top")  # the same page
    assert not site.admit("http://127.0.0.2:8000/bericht.PDF?download=1")  # a document
    assert site.admit("http://127.0.0.2:8000/b.html")
    assert not site.admit("http://127.0.0.2:8000/c.html")  # the limit of 2


def test_html_becomes_title_headings_lines_and_absolute_links():
    html = """<html><head><title> Bürger&shy;büro </title><base href="/amt/">
    <script>var x = "kein Text";</script><style>p {}</style></head>
    <body><!-- Kommentar --><nav><a href="termine.html">Online-Termin</a>
    <a href="mailto:a@b.invalid">Post</a><a href="#oben">oben</a>
    <a href="https://x.invalid/"><img alt=""></a><a href="/k" title="Karte"></a></nav>
    <h1>Termine</h1><p>Erste   Zeile<br>zweite&nbsp;Zeile</p><div>Fuß<span>note</span></div>
    <noscript>Bitte JavaScript</noscript></body></html>"""
    page = page_from_html(html, "https://stadt.example/start")
    assert page.title == "Bürgerbüro"
    assert page.headings == ("Termine",)
    assert page.text == ("Online-Termin Postoben\nTermine\nErste Zeile\nzweite Zeile\nFußnote")
    assert page.links == (
        Link("https://stadt.example/amt/termine.html", "Online-Termin"),
        Link("https://x.invalid/", ""),
        Link("https://stadt.example/k", "Karte"),
    )


def test_an_empty_document_is_an_empty_page():
    page = page_from_html("", "https://stadt.example/leer")
    assert (page.title, page.text, page.links) == ("", "", ())
