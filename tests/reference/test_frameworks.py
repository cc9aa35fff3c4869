"""Framework files: the YAML format, its error messages, the round trip and the presets."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stadtpuls.core.ranking.framework import Framework, Node, Scoring, ValueType
from stadtpuls.errors import InputRejected, NotFound
from stadtpuls.io.coinr import asem_example_files, read_imeta
from stadtpuls.io.frameworks import (
    PRESETS,
    dump_framework,
    load_framework,
    parse_framework,
    preset,
    preset_text,
)

SMALL = """\
code: klein
name: Kleines Modell
scoring: ideal
min_coverage: 0.75
index:
  code: IDX
  name: Index
  children:
    - code: A
      name: Bereich A
      weight: 2
      children:
        - code: a1
          name: Strategie beschlossen
          value_type: yes_no
          evidence: Ratsbeschluss
        - code: a2
          name: Reifegrad
          value_type: ordinal
          scale: [0, 3]
    - code: B
      name: Bereich B
      children:
        - code: b1
          name: Ladepunkte je 1.000 Einwohner
          value_type: rate
          direction: 1
          goalposts: [0, 2.5]
          unit: je 1.000 Einw.
"""

# -- the format -------------------------------------------------------------------------------


def test_small_file_is_read_as_written() -> None:
    framework = parse_framework(SMALL)
    assert framework.code == "klein"
    assert framework.scoring is Scoring.IDEAL
    assert framework.min_coverage == 0.75
    assert [n.code for n in framework.nodes] == ["IDX", "A", "a1", "a2", "B", "b1"]
    assert framework.areas == ("A", "B")
    assert framework.leaves == ("a1", "a2", "b1")
    assert framework["A"].weight == 2.0
    assert framework["a1"].value_type is ValueType.YES_NO
    assert framework["a1"].evidence == "Ratsbeschluss"
    assert (framework["a2"].scale_min, framework["a2"].scale_max) == (0.0, 3.0)
    assert (framework["b1"].goalpost_low, framework["b1"].goalpost_high) == (0.0, 2.5)
    assert framework["b1"].parent == "B"


def test_defaults() -> None:
    framework = parse_framework(
        "code: x\nname: X\nindex:\n  code: I\n  name: I\n  children:\n"
        "    - {code: a, name: A, value_type: count}\n"
    )
    assert framework.scoring is Scoring.RELATIVE
    assert framework.min_coverage == 0.5
    assert framework["a"] == Node(code="a", name="A", parent="I", value_type=ValueType.COUNT)


def test_dump_of_the_small_file_reads_back_equal() -> None:
    framework = parse_framework(SMALL)
    text = dump_framework(framework)
    assert parse_framework(text) == framework
    assert "scale: [0, 3]" in text
    assert "goalposts: [0, 2.5]" in text
    assert "weight: 2\n" in text


# -- error messages ---------------------------------------------------------------------------


def _problems(text: str, tmp_path: Path) -> list[str]:
    path = tmp_path / "modell.yaml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(InputRejected) as caught:
        load_framework(path)
    message = str(caught.value)
    assert str(path) in message
    assert "nicht übernommen" in message
    return [str(p) for p in caught.value.problems]


def _broken(line: str, replacement: str) -> str:
    assert line in SMALL
    return SMALL.replace(line, replacement)


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "      weight: 2\n",
            "      weight: zwei\n",
            "Zeile 9, Feld 'weight': Knoten 'A': 'weight' muss eine Zahl sein, ist 'zwei'",
        ),
        (
            "          value_type: yes_no\n",
            "          value_type: janein\n",
            "Zeile 13, Feld 'value_type': Knoten 'a1': 'value_type' muss einer von yes_no, "
            "ordinal, percentage, count, rate, score, number sein, ist 'janein'",
        ),
        (
            "          evidence: Ratsbeschluss\n",
            "          evidnce: Ratsbeschluss\n",
            "Zeile 13, Feld 'evidnce': Knoten 'a1': unbekannter Schlüssel 'evidnce'",
        ),
        (
            "scoring: ideal\n",
            "scoring: optimal\n",
            "Zeile 1, Feld 'scoring': 'scoring' muss einer von relative, ideal, none sein",
        ),
        (
            "          direction: 1\n",
            "          direction: 2\n",
            "Zeile 24, Feld 'direction': Knoten 'b1': direction muss 1 (mehr ist besser) oder "
            "-1 (weniger ist besser) sein, ist 2",
        ),
        (
            "          scale: [0, 3]\n",
            "          scale: 3\n",
            "Zeile 17, Feld 'scale': Knoten 'a2': 'scale' muss eine Liste aus zwei Zahlen sein",
        ),
        (
            "          value_type: ordinal\n",
            "",
            "Zeile 17, Feld 'value_type': Knoten 'a2': ein Indikator ohne Unterknoten braucht "
            "einen value_type",
        ),
        ("      name: Bereich B\n", "", "Zeile 21, Feld 'name': Knoten 'B': 'name' fehlt"),
        (
            "    - code: B\n",
            "    - code: 2\n",
            "Zeile 21, Feld 'code': Knoten 'IDX/children[2]': 'code' muss Text sein, ist 2",
        ),
        ("    - code: B\n", "    - code: A\n", "Zeile 9: Knoten 'A': der Code kommt mehrfach vor"),
        (
            "      weight: 2\n",
            "      weight: -1\n",
            "Zeile 9: Knoten 'A': Gewicht muss null oder positiv sein, ist -1.0",
        ),
        (
            "          scale: [0, 3]\n",
            "          scale: [3, 0]\n",
            "Zeile 17: Knoten 'a2': scale_min muss kleiner als scale_max sein",
        ),
        (
            "min_coverage: 0.75\n",
            "min_coverage: 75\n",
            "Zeile 1, Feld 'min_coverage': min_coverage muss zwischen 0 und 1 liegen, ist 75.0",
        ),
        (
            "      weight: 2\n",
            "      weight: 2\n      value_type: score\n",
            "Zeile 9, Feld 'value_type': Knoten 'A': 'value_type' gilt nur für Indikatoren ohne "
            "Unterknoten",
        ),
        (
            "  children:\n    - code: A",
            "  children: []\n  x:\n    - code: A",
            "children muss eine nicht leere Liste von Knoten sein",
        ),
        ("scoring: ideal\n", "scoring: [ideal\n", "kein gültiges YAML"),
    ],
)
def test_invalid_files_name_file_line_node_and_problem(
    old: str, new: str, expected: str, tmp_path: Path
) -> None:
    problems = _problems(_broken(old, new), tmp_path)
    assert any(expected in p for p in problems), problems


def test_keys_written_twice_are_reported(tmp_path: Path) -> None:
    text = _broken("      weight: 2\n", "      weight: 2\n      weight: 3\n")
    problems = _problems(text, tmp_path)
    assert problems == [
        f"{tmp_path / 'modell.yaml'}, Zeile 12, Feld 'weight': 'weight' steht doppelt"
    ]


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    text = _broken("      weight: 2\n", "      weight: zwei\n")
    text = text.replace("          value_type: yes_no\n", "          value_type: janein\n")
    text = text.replace("          direction: 1\n", "          direction: 0\n")
    problems = _problems(text, tmp_path)
    assert len(problems) == 3
    assert [p.split(": ")[1].split("'")[1] for p in problems] == ["A", "a1", "b1"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- a\n- b\n", "die Datei muss ein YAML-Objekt"),
        ("code: x\nname: X\n", "'index' (der Wurzelknoten mit seinen children) fehlt"),
        ("code: x\nindex: {code: I, name: I}\n", "Feld 'name': 'name' fehlt"),
    ],
)
def test_structural_problems(text: str, expected: str, tmp_path: Path) -> None:
    problems = _problems(text, tmp_path)
    assert any(expected in p for p in problems), problems


def test_unknown_file_type_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "modell.txt"
    path.write_text(SMALL, encoding="utf-8")
    with pytest.raises(InputRejected, match=r"unbekanntes Dateiformat '\.txt'"):
        load_framework(path)
    with pytest.raises(NotFound, match="nicht gefunden"):
        load_framework(tmp_path / "fehlt.yaml")


def test_unknown_preset() -> None:
    with pytest.raises(NotFound, match="bitkom_sci, haselhorst, template"):
        preset("bitkom")


# -- presets ----------------------------------------------------------------------------------

BITKOM_INDICATORS = {  # the 36 indicators of the 2021/2022 method (shared/data/bitkom_sci/README)
    "Verwaltung": [
        "Interne Prozesse",
        "Payment",
        "Online-Terminvergabe",
        "Online-Dienstleistungen",
        "Webseite und Social Media",
        "Bevölkerungsanliegen",
        "Serviceportal",
        "Weitere Pilotprojekte",
    ],
    "IT und Kommunikation": [
        "Breitband",
        "Glasfaser",
        "Mobilfunk",
        "Public WLAN",
        "IoT Netzwerk",
        "Datenplattform",
        "Weitere Pilotprojekte",
    ],
    "Energie und Umwelt": [
        "Intelligente Straßenbeleuchtung",
        "Energielösungen",
        "Smart Waste",
        "Anteil E-Fahrzeuge",
        "Ladeinfrastruktur",
        "Emissionsarme Busse",
        "Weitere Pilotprojekte",
    ],
    "Mobilität": [
        "Parken",
        "Smartes Verkehrsmanagement",
        "Smarter ÖPNV",
        "Sharing-Angebote",
        "Multimodalität",
        "Letzte Meile Logistik",
        "Weitere Pilotprojekte",
    ],
    "Gesellschaft": [
        "Öffentlichkeitsbeteiligung",
        "FabLabs und CoWorking",
        "Digital-Szene",
        "Open-Data-Plattform",
        "Geo-Datenplattform",
        "Lokaler Handel und Startup-Hubs",
        "Weitere Pilotprojekte",
    ],
}


def test_bitkom_preset_has_the_published_structure() -> None:
    framework = preset("bitkom_sci")
    assert framework.scoring is Scoring.RELATIVE
    assert len(framework.areas) == 5
    assert len(framework.leaves) == 36
    structure = {
        framework[a].name: [framework[c].name for c in framework.children(a)]
        for a in framework.areas
    }
    assert structure == BITKOM_INDICATORS
    # area codes are the columns of the published 2019 table
    assert framework.areas == (
        "verwaltung",
        "it_und_kommunikation",
        "energie_und_umwelt",
        "mobilitaet",
        "gesellschaft",
    )
    assert "Bitkom" in (framework.source or "")
    assert all(framework[leaf].evidence for leaf in framework.leaves)


def test_haselhorst_preset_has_the_ten_published_areas() -> None:
    framework = preset("haselhorst")
    assert framework.scoring is Scoring.IDEAL
    names = [framework[a].name for a in framework.areas]
    assert names == [
        "Strategie & Umsetzung",
        "Digitale Infrastruktur",
        "Digitale Mobilität",
        "Digitale Energie & Umwelt",
        "Digitale Gebäude & Quartiere",
        "Digitale Gesundheit",
        "Digitale Bildung",
        "Digitale Verwaltung",
        "Digitaler Tourismus",
        "Digitale Wirtschaft & Handel",
    ]
    for area in framework.areas:
        assert 3 <= len(framework.children(area)) <= 6
    leaves = [framework[leaf] for leaf in framework.leaves]
    assert all(n.evidence for n in leaves)
    yes_no = sum(n.value_type is ValueType.YES_NO for n in leaves)
    assert yes_no > len(leaves) / 2


@pytest.mark.parametrize("code", PRESETS)
def test_presets_validate_and_round_trip(code: str) -> None:
    framework = preset(code)
    assert framework.problems() == []
    assert parse_framework(dump_framework(framework)) == framework
    assert parse_framework(preset_text(code)) == framework


def test_template_exported_and_reloaded(tmp_path: Path) -> None:
    path = tmp_path / "mein_modell.yaml"
    path.write_text(preset_text("template"), encoding="utf-8")
    assert load_framework(path) == preset("template")


# -- COINr iMeta ------------------------------------------------------------------------------


def test_coinr_imeta_csv_is_accepted_and_dumps_stably() -> None:
    imeta, _ = asem_example_files()
    framework = load_framework(imeta)
    assert framework == read_imeta(imeta)
    text = dump_framework(framework)
    again = parse_framework(text)
    assert dump_framework(again) == text
    assert set(again.leaves) == set(framework.leaves)
    assert {n.code: n for n in again} == {n.code: n for n in framework}


# -- property: any tree round-trips -----------------------------------------------------------

_codes = st.text("abcdefghijklmnopqrstuvwxyz_", min_size=1, max_size=8)
_texts = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=30).filter(
    lambda s: s.strip() == s and s.strip()
)
_numbers = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False).map(lambda x: round(x, 3))


@st.composite
def frameworks(draw: st.DrawFn) -> Framework:
    sizes = draw(st.lists(st.integers(min_value=1, max_value=4), min_size=1, max_size=4))
    codes = iter(
        draw(
            st.lists(
                _codes,
                min_size=1 + len(sizes) + sum(sizes),
                max_size=1 + len(sizes) + sum(sizes),
                unique=True,
            )
        )
    )
    root = Node(code=next(codes), name=draw(_texts))
    nodes = [root]
    for size in sizes:
        area = Node(
            code=next(codes),
            name=draw(_texts),
            parent=root.code,
            weight=draw(st.floats(min_value=0, max_value=10, allow_nan=False)),
        )
        nodes.append(area)
        for _ in range(size):
            low = draw(_numbers)
            value_type = draw(st.sampled_from(list(ValueType)))
            ordinal = value_type is ValueType.ORDINAL
            nodes.append(
                Node(
                    code=next(codes),
                    name=draw(_texts),
                    parent=area.code,
                    name_en=draw(st.none() | _texts),
                    direction=draw(st.sampled_from([1, -1])),
                    value_type=value_type,
                    scale_min=0.0 if ordinal else None,
                    scale_max=4.0 if ordinal else None,
                    unit=draw(st.none() | _texts),
                    target=draw(st.none() | _numbers),
                    goalpost_low=low,
                    goalpost_high=low + 1.0,
                    evidence=draw(st.none() | _texts),
                    description=draw(
                        st.none() | st.text(min_size=1, max_size=60).filter(lambda s: s.strip())
                    ),
                )
            )
    return Framework(
        code=draw(_codes),
        name=draw(_texts),
        nodes=tuple(nodes),
        scoring=draw(st.sampled_from(list(Scoring))),
        min_coverage=draw(st.floats(min_value=0, max_value=1, allow_nan=False)),
        description=draw(st.none() | st.text(min_size=1, max_size=80).filter(lambda s: s.strip())),
    )


@settings(max_examples=60, deadline=None)
@given(frameworks())
def test_any_framework_round_trips(framework: Framework) -> None:
    assert parse_framework(dump_framework(framework)) == framework


def test_the_example_in_the_documentation_is_valid() -> None:
    docs = Path(__file__).resolve().parents[2] / "docs" / "frameworks.md"
    example = docs.read_text(encoding="utf-8").split("```yaml\n", 1)[1].split("```", 1)[0]
    framework = parse_framework(example, "docs/frameworks.md")
    assert framework.leaves == ("a1", "a2", "b1", "b2")
    assert framework["b2"].direction == -1
    assert (framework["b2"].goalpost_low, framework["b2"].goalpost_high) == (0.0, 5000.0)
