"""The commands ``stadtpuls framework ...`` and ``stadtpuls gemeinde``, run as a user runs them."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from stadtpuls.cli.main import run
from stadtpuls.i18n import set_language
from stadtpuls.io.frameworks import load_framework, preset


def stadtpuls(
    args: list[str], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``stadtpuls ARGS``."""
    monkeypatch.setattr(sys, "argv", ["stadtpuls", *args])
    monkeypatch.setenv("COLUMNS", "200")
    try:
        with pytest.raises(SystemExit) as exit_:
            run()
    finally:
        set_language("de")
    captured = capsys.readouterr()
    return int(exit_.value.code or 0), captured.out, captured.err


def test_framework_list(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = stadtpuls(["framework", "list"], capsys, monkeypatch)
    assert code == 0
    lines = {line.split("│")[1].strip(): line for line in out.splitlines() if "│" in line}
    assert lines["bitkom_sci"].replace(" ", "").endswith("│relative│5│36│")
    assert lines["haselhorst"].replace(" ", "").endswith("│ideal│10│43│")


def test_framework_show_to_area_level(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = stadtpuls(
        ["framework", "show", "haselhorst", "--tiefe", "1"], capsys, monkeypatch
    )
    assert code == 0
    assert "strategie Strategie & Umsetzung" in out
    assert "str_strategie" not in out
    assert "Wertung: ideal" in out


def test_framework_validate_good_and_bad(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    good = tmp_path / "gut.yaml"
    code, _, _ = stadtpuls(
        ["framework", "export", "bitkom_sci", "-o", str(good)], capsys, monkeypatch
    )
    assert code == 0
    assert load_framework(good) == preset("bitkom_sci")
    code, out, _ = stadtpuls(["framework", "validate", str(good)], capsys, monkeypatch)
    assert code == 0
    assert "5 Bereiche, 36 Indikatoren" in out

    bad = tmp_path / "kaputt.yaml"
    bad.write_text(
        good.read_text(encoding="utf-8").replace("value_type: score", "value_type: punkte", 1),
        encoding="utf-8",
    )
    code, _, err = stadtpuls(["framework", "validate", str(bad)], capsys, monkeypatch)
    assert code == 1
    assert "Traceback" not in err
    assert "kaputt.yaml" in err
    assert "Knoten 'vw_interne_prozesse'" in err
    assert "'value_type' muss einer von" in err


def test_export_refuses_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "modell.yaml"
    target.write_text("meins", encoding="utf-8")
    code, _, err = stadtpuls(
        ["framework", "export", "template", "-o", str(target)], capsys, monkeypatch
    )
    assert code == 1
    assert "--force" in err
    assert target.read_text(encoding="utf-8") == "meins"


def test_gemeinde_by_name_and_key(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    for query in ("Norderstedt, Stadt", "1060063"):
        code, out, _ = stadtpuls(["gemeinde", query], capsys, monkeypatch)
        assert code == 0
        assert "01060063" in out
        assert "82.844" in out
        assert "Segeberg" in out
        assert "Größere Mittelstadt" in out
        assert "GV100AD" in out  # the Destatis attribution


def test_gemeinde_in_english(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, _ = stadtpuls(["--lang", "en", "gemeinde", "Frankfurt a.M."], capsys, monkeypatch)
    assert code == 0
    assert "06412000" in out
    assert "Smaller city" not in out and "Large city" in out


def test_gemeinde_ambiguous_lists_candidates_and_fails(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out, err = stadtpuls(["gemeinde", "Neustadt"], capsys, monkeypatch)
    assert code == 1
    assert "mehrdeutig (16 Gemeinden)" in err
    assert "AGS 07316000" in err and "AGS 06534016" in err
    code, out, _ = stadtpuls(["gemeinde", "Neustadt", "--land", "Hessen"], capsys, monkeypatch)
    assert code == 0
    assert "06534016" in out


def test_gemeinde_unknown(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = stadtpuls(["gemeinde", "Norderstet"], capsys, monkeypatch)
    assert code == 1
    assert "meinten Sie: Norderstedt" in err
