"""Every computed ranking records its method (framework version, pipeline, imports used) in
the unit of work that read its data; alternative pipelines are kept per framework and ranked
with."""

from __future__ import annotations

import hashlib
import json

import pytest
from typer.testing import CliRunner

from stadtpuls.cli.main import app
from stadtpuls.core.ranking.engine import default_pipeline
from stadtpuls.core.ranking.names import COMPUTED
from stadtpuls.errors import NotFound
from stadtpuls.io import frameworks as framework_files
from stadtpuls.io.pipelines import parse_pipeline
from stadtpuls.io.results import write_ranking
from stadtpuls.services.ranking import compute as ranking_compute
from stadtpuls.services.ranking import frameworks as ranking_frameworks
from stadtpuls.services.ranking import observations as ranking_observations
from stadtpuls.services.ranking import tables as ranking_tables
from stadtpuls.store.ranking import RankingRepository

from .conftest import FLENSBURG, KIEL, LUEBECK, NORDERSTEDT, write
from .test_import_and_rank import WIDE_2022

# min-max instead of goalposts: a1 1,0,1,1 → 100,0,100,100; a2 50,80,20,0 → 62.5,100,25,0;
# b1 4,2,1,– → 100,33.3,0,–. Index = mean(A, B):
#   Norderstedt A = 81.25, B = 100   → 90.625     Kiel    A = 50,  B = 33.33 → 41.667
#   Lübeck      A = 62.5,  B = 0     → 31.25      Flensburg A = 50, B = –    → 50
MINMAX = """format: stadtpuls-pipeline
version: 1
steps:
  - step: normalise
    method: minmax
    lower: 0
    upper: 100
  - step: aggregate
    method: arithmetic
"""


@pytest.fixture
def tiny(store, tiny_framework, tmp_path):
    ranking_frameworks.register_framework(store, tiny_framework)
    ranking_observations.import_observations(
        store, write(tmp_path / "werte.csv", WIDE_2022), "tiny"
    )
    return store


def test_a_computed_ranking_records_framework_version_pipeline_and_imports(tiny, tiny_framework):
    computed = ranking_compute.compute(tiny, "tiny", 2022)
    record = computed.provenance
    stored_definition = framework_files.dump_framework(tiny_framework)
    assert record.framework_sha256 == hashlib.sha256(stored_definition.encode()).hexdigest()
    assert record.pipeline == default_pipeline(tiny_framework).to_dict()
    assert record.pipeline_name == "default"
    # 4 cities × 3 indicators, Flensburg without b1
    assert [(i.file_name, i.rows) for i in record.imports] == [("werte.csv", 11)]
    assert record.software.startswith("stadtpuls ")
    assert ranking_compute.stored_provenance(tiny, "tiny", 2022) == record


NEUMUENSTER = "01004000"


def test_an_import_committed_during_compute_is_in_both_the_ranking_and_its_record_or_in_neither(
    tiny, tmp_path, monkeypatch
):
    """Another process imports Neumünster's values for 2022 right after compute read the
    year's observations: the method record must not name that import unless the ranking
    holds those values (before the one unit of work it did: the record was read later)."""
    late = write(tmp_path / "spaet.csv", f"ags;year;a1;a2;b1\n{NEUMUENSTER};2022;1;50;3\n")
    read = RankingRepository.load_observations

    def read_then_someone_imports(self, *args, **kwargs):
        observations = read(self, *args, **kwargs)
        monkeypatch.setattr(RankingRepository, "load_observations", read)  # once
        ranking_observations.import_observations(tiny, late, "tiny")  # its own connection
        return observations

    monkeypatch.setattr(RankingRepository, "load_observations", read_then_someone_imports)
    computed = ranking_compute.compute(tiny, "tiny", 2022)
    recorded = [i.file_name for i in computed.provenance.imports]
    assert recorded in (["werte.csv"], ["werte.csv", "spaet.csv"])
    assert ("spaet.csv" in recorded) == (NEUMUENSTER in computed.dataset.units)
    assert ranking_compute.stored_provenance(tiny, "tiny", 2022) == computed.provenance
    assert NEUMUENSTER in ranking_compute.compute(tiny, "tiny", 2022).dataset.units


def test_a_compute_is_one_unit_of_work(tiny, monkeypatch):
    opened = []
    sessions = tiny._sessions
    monkeypatch.setattr(tiny, "_sessions", lambda: opened.append(1) or sessions())
    ranking_compute.compute(tiny, "tiny", 2022)
    assert len(opened) == 1


def test_a_stored_pipeline_ranks_by_name_and_is_recorded(tiny):
    ranking_frameworks.save_pipeline(tiny, "tiny", "minmax", parse_pipeline(MINMAX))
    assert ranking_frameworks.pipeline_names(tiny, "tiny") == ["default", "minmax"]
    table = ranking_tables.ranking_table(
        tiny,
        ranking_tables.RankingRef("tiny", 2022, COMPUTED),
        pipeline=ranking_frameworks.named_pipeline(tiny, "tiny", "minmax"),
    )
    assert table.frame["ags"].tolist() == [NORDERSTEDT, FLENSBURG, KIEL, LUEBECK]
    assert table.frame["score"].tolist() == pytest.approx([90.625, 50.0, 41.6667, 31.25], abs=1e-3)
    assert table.provenance.pipeline_name == "minmax"
    assert table.provenance.pipeline["steps"][0]["method"] == "minmax"
    with pytest.raises(NotFound):
        ranking_frameworks.named_pipeline(tiny, "tiny", "unknown")


def test_two_pipeline_files_of_one_name_are_recorded_apart(tiny, tmp_path):
    (tmp_path / "a").mkdir(), (tmp_path / "b").mkdir()
    minmax = ranking_frameworks.file_pipeline(write(tmp_path / "a" / "p.yaml", MINMAX))
    geometric = MINMAX.replace("method: arithmetic", "method: geometric")
    other = ranking_frameworks.file_pipeline(write(tmp_path / "b" / "p.yaml", geometric))
    assert minmax.name == "p.yaml#" + hashlib.sha256(MINMAX.encode()).hexdigest()[:12]
    assert other.name.startswith("p.yaml#") and other.name != minmax.name
    first = ranking_compute.compute(tiny, "tiny", 2022, minmax)
    second = ranking_compute.compute(tiny, "tiny", 2022, other)
    assert first.result.score().max() == pytest.approx(90.625)  # min-max, by hand above
    for computed in (first, second):
        stored = ranking_compute.stored_provenance(
            tiny, "tiny", 2022, computed.provenance.pipeline_name
        )
        assert stored == computed.provenance
    assert first.provenance.pipeline != second.provenance.pipeline


def test_a_pipeline_named_default_replaces_the_built_in_one(tiny):
    ranking_frameworks.save_pipeline(tiny, "tiny", "default", parse_pipeline(MINMAX))
    computed = ranking_compute.compute(tiny, "tiny", 2022)
    assert computed.result.score().max() == pytest.approx(90.625)


def test_exports_carry_the_method_record(tiny, tmp_path):
    table = ranking_tables.ranking_table(tiny, "tiny:2022:computed")
    document = json.loads(write_ranking(table, tmp_path / "r.json").read_text("utf-8"))
    assert document["provenance"]["pipeline_name"] == "default"
    assert document["provenance"]["imports"][0]["file_name"] == "werte.csv"
    note = ranking_tables.method_note(table)
    assert "werte.csv" in note and "'tiny'" in note and "(normalise → aggregate)" in note


def test_rank_explain_and_pipeline_file_on_the_command_line(tiny, tmp_path):
    database = tiny.url
    pipeline = write(tmp_path / "minmax.yaml", MINMAX)
    result = CliRunner().invoke(
        app,
        [
            "--lang",
            "en",
            "--database",
            database,
            "rank",
            "--framework",
            "tiny",
            "--pipeline",
            str(pipeline),
            "--explain",
        ],
        terminal_width=200,
    )
    assert result.exit_code == 0, result.output
    assert "Pipeline: minmax.yaml" in result.output
    assert "method='minmax'" in result.output
    assert "werte.csv" in result.output
    assert "90.6" in result.output


@pytest.mark.parametrize(("pipeline", "method"), [([], "goalposts"), (["minmax"], "minmax")])
def test_the_uncertainty_analysis_runs_the_frameworks_pipeline(tiny, tmp_path, pipeline, method):
    ranking_frameworks.save_pipeline(tiny, "tiny", "minmax", parse_pipeline(MINMAX))
    spec = write(
        tmp_path / "spec.yaml",
        "replicates: 4\nseed: 1\nfactors:\n"
        "  - {name: Aggregation, step: aggregate, param: method,"
        " values: [arithmetic, geometric]}\n",
    )
    out = tmp_path / "ua.json"
    result = CliRunner().invoke(
        app,
        [
            "--database",
            tiny.url,
            "index",
            "uncertainty",
            str(spec),
            *pipeline,
            "--framework",
            "tiny",
            "--out",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    steps = json.loads(out.read_text("utf-8"))["pipeline"]["steps"]
    assert [s["step"] for s in steps] == ["normalise", "aggregate"]
    assert steps[0]["method"] == method


def test_pipelines_are_saved_listed_and_shown_on_the_command_line(tiny, tmp_path):
    runner = CliRunner()

    def invoke(*args: str):
        result = runner.invoke(
            app, ["--database", tiny.url, "pipeline", *args, "--framework", "tiny"]
        )
        assert result.exit_code == 0, result.output
        return result.output

    invoke("save", str(write(tmp_path / "minmax.yaml", MINMAX)), "--name", "vergleich")
    assert invoke("list").split() == ["default", "vergleich"]
    assert parse_pipeline(invoke("show", "vergleich")).to_dict() == parse_pipeline(MINMAX).to_dict()


def test_the_record_lists_the_imports_that_still_hold_one_of_the_years_values(tiny, tmp_path):
    # werte.csv (import 1) wrote all 11 values of 2022
    one_value = "ags;year;a2\n01002000;2022;81\n"  # Kiel's a2 changes: import 2 holds it
    ranking_observations.import_observations(tiny, write(tmp_path / "kiel.csv", one_value), "tiny")
    other_year = "ags;year;a2\n01002000;2021;70\n"  # import 3 holds nothing of 2022
    ranking_observations.import_observations(tiny, write(tmp_path / "w21.csv", other_year), "tiny")
    unchanged = "ags;year;a2\n01002000;2022;81\n"  # import 4 rewrites nothing: holds nothing
    ranking_observations.import_observations(tiny, write(tmp_path / "again.csv", unchanged), "tiny")
    files = [i.file_name for i in ranking_compute.compute(tiny, "tiny", 2022).provenance.imports]
    assert files == ["werte.csv", "kiel.csv"]
    assert [
        i.file_name for i in ranking_compute.compute(tiny, "tiny", 2021).provenance.imports
    ] == ["w21.csv"]
    everything = (
        "ags;year;a1;a2;b1\n"
        "01060063;2022;0;51;3\n"
        "01002000;2022;1;82;3\n"
        "01003000;2022;0;21;0\n"
        "01001000;2022;0;1;\n"
    )
    # every value of 2022 changed, so the newest import holds all of them
    ranking_observations.import_observations(tiny, write(tmp_path / "neu.csv", everything), "tiny")
    files = [i.file_name for i in ranking_compute.compute(tiny, "tiny", 2022).provenance.imports]
    assert files == ["neu.csv"]
