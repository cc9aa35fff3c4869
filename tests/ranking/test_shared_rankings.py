"""Compute once, share everywhere: a ranking computed by one process is read by the next, and
an import makes exactly the years it writes be computed again."""

from __future__ import annotations

import numpy as np
import pytest

from stadtpuls.core.ranking.engine import Pipeline
from stadtpuls.services.ranking import compute as ranking_compute
from stadtpuls.services.ranking import frameworks as ranking_frameworks
from stadtpuls.services.ranking import observations as ranking_observations

from .conftest import FLENSBURG, KIEL, NORDERSTEDT, write


@pytest.fixture
def runs(monkeypatch):
    """How often a pipeline really ran (each counted call still computes)."""
    calls: list[int] = []
    original = Pipeline.run

    def counted(self, framework, dataset):
        calls.append(len(dataset.units))
        return original(self, framework, dataset)

    monkeypatch.setattr(Pipeline, "run", counted)
    return calls


def _new_process(monkeypatch):
    """What another worker or CLI call starts with: no rankings in memory."""
    monkeypatch.setattr(ranking_compute, "_CACHE", {})


def _import(store, tmp_path, name, rows):
    data = write(tmp_path / name, "ags,year,a1,a2,b1\n" + "\n".join(rows) + "\n")
    ranking_observations.import_observations(store, data, "tiny")


def test_a_ranking_is_computed_once_for_all_processes(
    store, tmp_path, tiny_framework, runs, monkeypatch
):
    ranking_frameworks.register_framework(store, tiny_framework)
    _import(
        store,
        tmp_path,
        "a.csv",
        [f"{NORDERSTEDT},2021,1,80,4", f"{KIEL},2021,0,20,1", f"{FLENSBURG},2021,1,40,2"],
    )
    first = ranking_compute.compute(store, "tiny", 2021)
    _new_process(monkeypatch)
    second = ranking_compute.compute(store, "tiny", 2021)
    assert runs == [3]  # the second process read it
    np.testing.assert_array_equal(second.result.scores, first.result.scores)
    assert list(second.result.units) == list(first.result.units)
    assert second.provenance == first.provenance
    assert list(second.dataset.groups["state"]) == ["Schleswig-Holstein"] * 3
    # Norderstedt: A = (1 + 0.8) / 2 = 0.9, B = 4 / 4 = 1, index = 0.95 (in percent)
    assert second.result.score()[list(second.result.units).index(NORDERSTEDT)] == pytest.approx(95)


def test_an_import_recomputes_exactly_the_years_it_writes(
    store, tmp_path, tiny_framework, runs, monkeypatch
):
    ranking_frameworks.register_framework(store, tiny_framework)
    _import(store, tmp_path, "a.csv", [f"{NORDERSTEDT},2021,1,80,4", f"{KIEL},2021,0,20,1"])
    _import(store, tmp_path, "b.csv", [f"{NORDERSTEDT},2022,1,80,4", f"{KIEL},2022,0,20,1"])
    ranking_compute.compute(store, "tiny", 2021)
    ranking_compute.compute(store, "tiny", 2022)
    assert runs == [2, 2]
    _import(store, tmp_path, "c.csv", [f"{KIEL},2022,1,100,4"])  # changes 2022 only
    _new_process(monkeypatch)
    old = ranking_compute.compute(store, "tiny", 2021)
    assert runs == [2, 2]  # 2021 read, not computed
    new = ranking_compute.compute(store, "tiny", 2022)
    assert runs == [2, 2, 2]
    kiel = list(new.result.units).index(KIEL)
    assert new.result.score()[kiel] == pytest.approx(100)
    assert old.result.score()[list(old.result.units).index(KIEL)] < 100


def test_a_changed_framework_definition_is_never_served_from_the_store(
    store, tmp_path, tiny_framework, runs, monkeypatch
):
    ranking_frameworks.register_framework(store, tiny_framework)
    _import(store, tmp_path, "a.csv", [f"{NORDERSTEDT},2021,1,80,4", f"{KIEL},2021,0,20,1"])
    ranking_compute.compute(store, "tiny", 2021)
    from dataclasses import replace

    renamed = replace(tiny_framework, name="Tiny, neu benannt")
    ranking_frameworks.register_framework(store, renamed)
    _new_process(monkeypatch)
    ranking_compute.compute(store, "tiny", 2021)
    assert runs == [2, 2]


def test_a_stored_blob_this_version_cannot_read_is_computed_again(
    store, tmp_path, tiny_framework, runs, monkeypatch
):
    from sqlalchemy import update

    from stadtpuls.store.tables.ranking_cache import StoredRankingRow

    ranking_frameworks.register_framework(store, tiny_framework)
    _import(store, tmp_path, "a.csv", [f"{NORDERSTEDT},2021,1,80,4", f"{KIEL},2021,0,20,1"])
    first = ranking_compute.compute(store, "tiny", 2021)
    with store.session() as session:
        session.execute(update(StoredRankingRow).values(payload=b"PK\x03\x04 an older format"))
    _new_process(monkeypatch)
    again = ranking_compute.compute(store, "tiny", 2021)
    assert runs == [2, 2]
    np.testing.assert_array_equal(again.result.scores, first.result.scores)
    _new_process(monkeypatch)
    ranking_compute.compute(store, "tiny", 2021)
    assert runs == [2, 2]  # the ranking computed again replaced the unreadable blob
