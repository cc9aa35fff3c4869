"""Every file reader, fuzzed (issue 13, "Also"): whatever the bytes, a reader returns its
result or raises the project's own error (:class:`StadtpulsError`) with a message; never any
other exception. The inputs are random bytes and text, and random tables, YAML and JSON built
from each format's own vocabulary so that the fuzzing gets past the first checks."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stadtpuls.core.programme.model import Category, Item, Programme, StatusEntry
from stadtpuls.core.ranking.framework import Framework, Node, Scoring, ValueType
from stadtpuls.errors import StadtpulsError
from stadtpuls.io import coinr, frameworks, pipelines
from stadtpuls.io import programme as programme_files
from stadtpuls.io.analysis_specs import load_spec
from stadtpuls.io.observations import read_observations
from stadtpuls.io.published import read_published

FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
PROGRAMME = Programme(
    "p",
    "P",
    categories=(Category("pilot", "Pilot"),),
    items=(Item("a", "A", category="pilot"),),
    statuses=(StatusEntry("a", date(2022, 10, 24), "running"),),
)


def resolve(texts):
    """A gazetteer stand-in: 8 digits are an AGS, anything else is unknown."""
    return [t if len(t) == 8 and t.isdigit() else f"unbekannt: {t}" for t in texts]


def accepts_or_refuses(read: Callable[[], object]) -> None:
    try:
        read()
    except StadtpulsError as error:
        assert str(error).strip()


# -- inputs --------------------------------------------------------------------------------------
WORDS = [
    "ags",
    "AGS",
    "name",
    "stadt",
    "year",
    "jahr",
    "Jahr",
    "indicator",
    "indikator",
    "value",
    "wert",
    "source_url",
    "seen_on",
    "note",
    "a1",
    "a2",
    "b1",
    "x1",
    "x2",
    "uCode",
    "Time",
    "iCode",
    "Parent",
    "Type",
    "Level",
    "Weight",
    "Direction",
    "Denominator",
    "Indicator",
    "Aggregate",
    "Group",
    "rang",
    "gesamt",
    "key",
    "title",
    "item",
    "reporting_date",
    "state",
    "light",
    "public",
    "planned_years",
    "kind",
    "category",
    "goals",
    "running",
    "on_track",
    "pilot",
    "a",
]
CELLS = st.one_of(
    st.sampled_from(
        [
            *WORDS,
            "",
            "NA",
            "2022",
            "01060063",
            "1,5",
            "-3",
            "1e400",
            "nan",
            "=1+1",
            "'=1",
            "2022-10-24",
            "31.12.9999",
            "0001-01-01",
            "true",
            "ja",
            "99999999999999999999",
            "https://x.example",
        ]
    ),
    st.text(max_size=10),
    st.integers(-(10**20), 10**20).map(str),
    st.floats().map(str),
)
SEPARATORS = st.sampled_from([",", ";", "\t"])


@st.composite
def csv_bytes(draw) -> bytes:
    rows = draw(st.lists(st.lists(CELLS, max_size=6), max_size=6))
    header = draw(
        st.lists(st.sampled_from(WORDS) | st.text(max_size=6), max_size=6)
        | st.permutations(["ags", "year", "indicator", "value", "a1", "seen_on"])
        | st.permutations(["uCode", "Time", "x1", "x2", "pop"])
        | st.permutations(["iCode", "Parent", "Type", "Weight", "Level"])
        | st.permutations(
            ["item", "reporting_date", "state", "light", "key", "title", "planned_years"]
        )
    )
    text = io.StringIO()
    csv.writer(text, delimiter=draw(SEPARATORS)).writerows([header, *rows])
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16"]))
    return text.getvalue().encode(encoding, errors="replace")


RAW = st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode), csv_bytes())
XLSX_CELLS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**18), 10**18),
    st.floats(allow_nan=False),
    st.dates(),
    st.sampled_from(WORDS),
    st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=10),
)


@st.composite
def xlsx_bytes(draw) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(draw(st.lists(st.sampled_from(WORDS), max_size=6)))
    for row in draw(st.lists(st.lists(XLSX_CELLS, max_size=6), max_size=5)):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**20), 10**20),
    st.floats(),
    st.text(max_size=8),
    st.sampled_from(WORDS),
    st.dates(),
    st.datetimes(min_value=datetime(1, 1, 1), max_value=datetime(9999, 1, 1)),
)
KEYS = st.sampled_from(
    [
        *WORDS,
        "programme",
        "items",
        "history",
        "milestones",
        "kpis",
        "phases",
        "goals",
        "ideas",
        "steps",
        "step",
        "method",
        "factors",
        "replicates",
        "seed",
        "quantiles",
        "node",
        "framework",
        "code",
        "nodes",
        "children",
        "weight",
        "scoring",
        "min_coverage",
        "version",
        "format",
        "description",
        "_type",
        "_embedded",
        "elements",
        "identifier",
        "_links",
        "status",
        "href",
        "active",
        "statusExplanation",
        "raw",
        "self",
        "values",
        "due",
        "baseline",
        "target",
        "unit",
        "measurements",
        "date",
        "number",
    ]
) | st.text(max_size=6)
DOCUMENTS = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=5),
    max_leaves=25,
)


def yaml_text(document) -> str:
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False)


YAML = st.one_of(DOCUMENTS.map(yaml_text), st.text(max_size=200))


def json_text(document) -> str:
    return json.dumps(document, default=str)


JSON_VALUES = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(),
        st.floats(allow_nan=False),
        st.sampled_from(
            [
                "Project",
                "Collection",
                "Program",
                "WorkPackage",
                "/api/v3/project_statuses/on_track",
                "/api/v3/project_statuses/",
                "/api/v3/programs",
                "a",
            ]
        ),
        st.text(max_size=8),
    ),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(KEYS, inner, max_size=6),
    max_leaves=30,
)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@pytest.fixture(scope="module")
def small_framework() -> Framework:
    """Leaves a1 (yes/no), a2 (percentage), b1 (ordinal 0..4): words the inputs use."""
    return Framework(
        code="tiny",
        name="Tiny",
        scoring=Scoring.IDEAL,
        nodes=(
            Node("idx", "Index"),
            Node("A", "A", "idx"),
            Node("B", "B", "idx"),
            Node("a1", "a1", "A", value_type=ValueType.YES_NO),
            Node(
                "a2", "a2", "A", value_type=ValueType.PERCENTAGE, goalpost_low=0, goalpost_high=100
            ),
            Node("b1", "b1", "B", value_type=ValueType.ORDINAL, scale_min=0, scale_max=4),
        ),
    )


def _file(workdir: Path, name: str, data: bytes | str) -> Path:
    path = workdir / name
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


# -- the readers ---------------------------------------------------------------------------------
@FUZZ
@given(data=RAW)
def test_observations_csv(workdir, small_framework, data):
    path = _file(workdir, "werte.csv", data)
    accepts_or_refuses(lambda: read_observations(path, small_framework, resolve_cities=resolve))


@settings(FUZZ, max_examples=25)
@given(data=xlsx_bytes() | st.binary(max_size=100))
def test_observations_xlsx(workdir, small_framework, data):
    path = _file(workdir, "werte.xlsx", data)
    accepts_or_refuses(lambda: read_observations(path, small_framework, resolve_cities=resolve))


@FUZZ
@given(meta=RAW, data=RAW)
def test_coinr_imeta_and_idata(workdir, meta, data):
    meta_path, data_path = _file(workdir, "iMeta.csv", meta), _file(workdir, "iData.csv", data)
    accepts_or_refuses(lambda: coinr.read_idata(data_path, coinr.read_imeta(meta_path)))
    example, _data = coinr.asem_example_files()
    accepts_or_refuses(lambda: coinr.read_idata(data_path, coinr.read_imeta(example)))


@settings(FUZZ, max_examples=20)
@given(data=xlsx_bytes())
def test_coinr_xlsx(workdir, data):
    path = _file(workdir, "iMeta.xlsx", data)
    accepts_or_refuses(lambda: coinr.read_imeta(path))


@FUZZ
@given(text=YAML)
def test_framework_yaml(text):
    accepts_or_refuses(lambda: frameworks.parse_framework(text, "modell.yaml"))


@FUZZ
@given(text=YAML)
def test_pipeline_yaml(text):
    accepts_or_refuses(lambda: pipelines.parse_pipeline(text, "pipeline.yaml"))


@FUZZ
@given(text=YAML)
def test_analysis_yaml(workdir, text):
    path = _file(workdir, "analyse.yaml", text)
    accepts_or_refuses(lambda: load_spec(path))


@FUZZ
@given(text=YAML)
def test_programme_yaml(text):
    accepts_or_refuses(lambda: programme_files.parse_programme_yaml(text, "programm.yaml"))


@FUZZ
@given(data=RAW)
def test_programme_csv(workdir, data):
    path = _file(workdir, "tabelle.csv", data)
    accepts_or_refuses(lambda: programme_files.read_items(path, PROGRAMME))
    accepts_or_refuses(lambda: programme_files.read_statuses(path, PROGRAMME))


@settings(FUZZ, max_examples=25)
@given(data=xlsx_bytes() | st.binary(max_size=100))
def test_programme_xlsx(workdir, data):
    path = _file(workdir, "tabelle.xlsx", data)
    accepts_or_refuses(lambda: programme_files.read_items(path, PROGRAMME))
    accepts_or_refuses(lambda: programme_files.read_statuses(path, PROGRAMME))


@FUZZ
@given(data=JSON_VALUES.map(json_text).map(str.encode) | RAW)
def test_openproject_json(workdir, data):
    path = _file(workdir, "openproject.json", data)
    accepts_or_refuses(
        lambda: programme_files.read_openproject(
            path, PROGRAMME, date(2023, 1, 16), category="pilot"
        )
    )


@FUZZ
@given(data=RAW)
def test_published_results(workdir, data):
    path = _file(workdir, "veroeffentlicht.csv", data)
    accepts_or_refuses(lambda: read_published(path, "haselhorst", resolve_cities=resolve))
