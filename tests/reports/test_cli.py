"""``stadtpuls report``: writes the deck, keeps a snapshot, reproduces it, lists them."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from reports.sample import cells, find_slide, open_deck, slide_texts, tables
from stadtpuls.cli.main import app
from stadtpuls.cli.report import parse_date
from stadtpuls.demo import programme as demo_programme
from stadtpuls.errors import StadtpulsError

runner = CliRunner()


def _run(url: str, *args: str):
    return runner.invoke(app, ["--database", url, "report", *args])


def test_report_snapshot_and_list(sqlite_store, tmp_path: Path):
    demo_programme.load(sqlite_store)
    out = tmp_path / "bericht.pptx"
    result = _run(
        sqlite_store.url, "--city", "Norderstedt", "--as-of", "24.10.2022", "--out", str(out)
    )
    assert result.exit_code == 0, result.output
    assert "gespeichert als Nr. 1" in result.output
    deck = open_deck(out.read_bytes())
    status = find_slide(deck, "Projektstatus")
    assert cells(tables(status)[0])[1][1] == "Sensoren Container"

    again = tmp_path / "wieder.pptx"
    result = _run(sqlite_store.url, "--snapshot", "1", "--out", str(again))
    assert result.exit_code == 0, result.output
    assert again.read_bytes() == out.read_bytes()

    listed = _run(sqlite_store.url, "--list")
    assert "2022-10-24" in listed.output and "01060063" in listed.output


def test_english_report_gets_an_english_default_name(sqlite_store, tmp_path: Path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = _run(sqlite_store.url, "--city", "01060063", "--as-of", "2022-10-24", "--lang", "en")
    assert result.exit_code == 0, result.output
    deck = open_deck((tmp_path / "status_report_norderstedt_2022-10-24.pptx").read_bytes())
    # nothing in the store: the title and the closing slide, no empty sections
    assert len(deck.slides) == 2
    assert "Thank you for your attention!" in slide_texts(deck.slides[1])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "2022-10-24"], "Bitte die Stadt angeben"),
        (["--city", "Norderstedt", "--as-of", "24/10/2022"], "ist kein Datum"),
        (["--snapshot", "1", "--city", "Kiel"], "--snapshot erzeugt einen gespeicherten Bericht"),
        (["--snapshot", "7"], "keinen gespeicherten Bericht Nr. 7"),
        (["--city", "Norderstedt", "--lang", "fr"], "Unbekannte Sprache 'fr'"),
        (["--city", "Norderstedt", "--out", "bericht.pdf"], "muss auf .pptx enden"),
    ],
)
def test_mistakes_are_clear_errors(sqlite_store, args, message):
    result = _run(sqlite_store.url, *args)
    assert isinstance(result.exception, StadtpulsError)
    assert message in str(result.exception)


def test_dates_in_german_and_iso_form():
    assert parse_date("24.10.2022") == parse_date("2022-10-24")


def _content(url: str, *args: str):
    return runner.invoke(app, ["--database", url, "report-content", *args])


def test_report_content_from_the_command_line(sqlite_store, tmp_path: Path):
    from PIL import Image

    demo_programme.load(sqlite_store)
    picture = tmp_path / "messe.png"
    Image.new("RGB", (60, 40), (10, 20, 30)).save(picture)
    result = _content(
        sqlite_store.url,
        "note",
        "kongress",
        "news",
        "Kongressbesuch",
        "--date",
        "21.10.2022",
        "--point",
        "Viele Gespräche",
        "--picture",
        str(picture),
        "--headline",
        "Wir waren dabei",
        "--author",
        "Chief Digital Officer",
    )
    assert result.exit_code == 0, result.output
    result = _content(
        sqlite_store.url,
        "headline",
        "kpi-2022",
        "kpis",
        "Ziele in Reichweite",
        "--report-date",
        "2022-10-24",
        "--author",
        "Chief Digital Officer",
    )
    assert result.exit_code == 0, result.output
    result = _content(
        sqlite_store.url, "order", "kpis", "news", "contacts", "--author", "Chief Digital Officer"
    )
    assert result.exit_code == 0, result.output
    out = tmp_path / "bericht.pptx"
    assert (
        _run(
            sqlite_store.url, "--city", "Norderstedt", "--as-of", "2022-10-24", "--out", str(out)
        ).exit_code
        == 0
    )
    deck = open_deck(out.read_bytes())
    titles = [s.shapes.title.text_frame.text for s in deck.slides]
    assert titles[1] == "Ziele in Reichweite"
    assert "Wir waren dabei" in titles and titles[-1] == "Vielen Dank für Ihre Aufmerksamkeit!"
    assert len(titles) == 1 + 1 + 2 + 1  # title, KPIs, the seed's news and the new one, end


def test_report_content_refuses_unknown_sections_and_bad_pictures(sqlite_store, tmp_path):
    demo_programme.load(sqlite_store)
    result = _content(sqlite_store.url, "order", "kpis", "wetter", "--author", "CDO")
    assert "Unbekannte Abschnitte: wetter" in str(result.exception)
    text = tmp_path / "bild.gif"
    text.write_bytes(b"GIF89a")
    result = _content(
        sqlite_store.url,
        "note",
        "x",
        "news",
        "X",
        "--date",
        "2022-10-01",
        "--picture",
        str(text),
        "--author",
        "CDO",
    )
    assert "bitte ein PNG- oder JPEG-Bild" in str(result.exception)
