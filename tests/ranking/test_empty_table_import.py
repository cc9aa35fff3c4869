"""The first import into an empty observation table (PostgreSQL adds the primary key after the
data there): the key is in place afterwards, and a failed import leaves table and key as
they were."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import inspect, text

from stadtpuls.services.ranking import compute as ranking_compute
from stadtpuls.services.ranking import frameworks as ranking_frameworks
from stadtpuls.services.ranking import observations as ranking_observations
from stadtpuls.store import ranking as store_ranking

from .conftest import write
from .test_import_and_rank import WIDE_2022


@pytest.fixture
def tiny(store, tiny_framework):
    ranking_frameworks.register_framework(store, tiny_framework)
    return store


def _primary_key(store) -> tuple[str | None, list[str]]:
    key = inspect(store.engine).get_pk_constraint("ranking_observations")
    return key["name"], key["constrained_columns"]


def _stored(store) -> dict[tuple[str, str], float]:
    table = ranking_compute.load_dataset(store, "tiny", 2022)[2]
    return {
        (unit, code): float(value)
        for unit, row in zip(table.units, table.values, strict=True)
        for code, value in zip(table.indicators, row, strict=True)
        if value == value
    }


def test_the_first_import_leaves_the_primary_key_in_place(tiny, tmp_path):
    ranking_observations.import_observations(tiny, write(tmp_path / "werte.csv", WIDE_2022), "tiny")
    assert _primary_key(tiny) == ("pk_ranking_observations", ["year", "ags", "indicator"])
    # the key works: a second import of the year updates Kiel's a2 instead of adding a row
    changed = "ags;year;a2\n01002000;2022;81\n"
    ranking_observations.import_observations(tiny, write(tmp_path / "kiel.csv", changed), "tiny")
    values = _stored(tiny)
    assert len(values) == 11 and values[("01002000", "a2")] == 81.0


def test_a_failed_first_import_leaves_table_and_key_as_they_were(tiny, tmp_path, monkeypatch):
    def broken_copy(cursor, table, columns, n):
        raise RuntimeError("connection lost while copying")

    def broken_upsert(raw_connection, columns):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store_ranking, "_copy", broken_copy)
    monkeypatch.setattr(store_ranking, "_executemany_upsert", broken_upsert)
    with pytest.raises(RuntimeError):
        ranking_observations.import_observations(
            tiny, write(tmp_path / "werte.csv", WIDE_2022), "tiny"
        )
    assert _primary_key(tiny) == ("pk_ranking_observations", ["year", "ags", "indicator"])
    assert ranking_frameworks.years(tiny, "tiny") == []
    monkeypatch.undo()
    ranking_observations.import_observations(tiny, write(tmp_path / "werte.csv", WIDE_2022), "tiny")
    assert _stored(tiny)[("01060063", "a2")] == 50.0


@pytest.mark.parametrize(
    "store", [pytest.param("postgresql", marks=pytest.mark.system)], indirect=True
)
def test_a_first_import_while_another_session_reads_the_table_keeps_the_key(tiny, tmp_path):
    # the reader holds a share lock on the empty table: the import must neither wait for it
    # nor drop the key under it; it copies with the key in place
    path = write(tmp_path / "werte.csv", WIDE_2022)
    summaries = []
    importer = threading.Thread(
        target=lambda: summaries.append(
            ranking_observations.import_observations(tiny, path, "tiny")
        )
    )
    with tiny.engine.connect() as reader:
        reader.execute(text("SELECT count(*) FROM ranking_observations"))
        importer.start()
        importer.join(timeout=20)
        finished_while_read = not importer.is_alive()
        reader.rollback()
    importer.join()
    assert finished_while_read
    assert [s.values for s in summaries] == [11]
    assert _primary_key(tiny) == ("pk_ranking_observations", ["year", "ags", "indicator"])
    assert _stored(tiny)[("01060063", "a2")] == 50.0
