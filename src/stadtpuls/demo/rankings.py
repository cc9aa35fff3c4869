"""Loading the ranking demo: synthetic Haselhorst-style indicators beside real published results.

* ``haselhorst`` (framework preset) with generated observations for 2020–2022, imported as
  synthetic (see :mod:`stadtpuls.demo.synthetic`);
* the published Haselhorst editions (shipped in ``stadtpuls/reference/data/published``, see
  its NOTICE): 2020 (top 10), 2021 (Norderstedt, rank 11, 34,4 %), 2022 (the status report's
  national and Schleswig-Holstein top 10 with Norderstedt's ten area results) and 2023 (top 10
  and the ranks of Kiel, Berlin and Lübeck), each with its publication month and source;
* the Bitkom Smart City Index 2019 (81 cities) and the published totals of 2021–2024 (demo
  data only, see ``data/bitkom_sci_2019.md`` and ``data/bitkom_sci_gesamt_2021_2024.md``).

Loading is idempotent: observations are upserted, published editions replaced.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from importlib import resources
from pathlib import Path

import pandas as pd

from stadtpuls.demo.synthetic import SyntheticIndicators
from stadtpuls.io.frameworks import preset
from stadtpuls.io.observations import validate_observations
from stadtpuls.reference import municipalities, published_haselhorst_2022
from stadtpuls.services.ranking import frameworks as ranking_frameworks
from stadtpuls.services.ranking import observations as ranking_observations
from stadtpuls.services.ranking import published as ranking_published
from stadtpuls.store.db import Store

FRAMEWORK = "haselhorst"
CITY = "01060063"  # Norderstedt, the city of the status report
PUBLISHED_RANKINGS = ("haselhorst", "bitkom_sci")
HASELHORST_TOTALS = ("reference", "published/haselhorst_totals_2020_2023.csv")
HASELHORST_2022 = ("reference", "published/haselhorst_2022_seed.csv")
HASELHORST_2022_AREAS = ("reference", "published/haselhorst_2022_bereiche_norderstedt.csv")
BITKOM_2019 = ("demo", "bitkom_sci_2019.csv")
BITKOM_TOTALS = ("demo", "bitkom_sci_gesamt_2021_2024.csv")
STEPS = ("framework", "observations", "published")


def load(store: Store, reset: bool = False, on_step: Callable[[str], None] | None = None) -> None:
    """Put the ranking demo into ``store``; ``on_step`` is told each finished step of
    :data:`STEPS` (for a progress bar)."""
    done = on_step or (lambda _step: None)
    if reset:
        ranking_frameworks.delete_framework(store, FRAMEWORK)
        for ranking in PUBLISHED_RANKINGS:
            ranking_published.delete_published(store, ranking)
    framework = ranking_frameworks.framework(store, FRAMEWORK)
    done("framework")
    observations = synthetic_observations()
    table = validate_observations(
        observations,
        framework,
        file="synthetic_haselhorst.csv",
        sha256=_fingerprint(observations),
        layout="long",
    )
    ranking_observations.store_observations(
        store, FRAMEWORK, table.frame, file_name=table.file, sha256=table.sha256, synthetic=True
    )
    done("observations")
    with tempfile.TemporaryDirectory(prefix="stadtpuls-demo-") as folder:
        for ranking, year, frame in published_editions():
            path = Path(folder) / f"{ranking}_{year}.csv"
            frame.to_csv(path, index=False)
            ranking_published.import_published(store, path, ranking)
    done("published")


def published_editions() -> list[tuple[str, int, pd.DataFrame]]:
    """(ranking, year, table) of every published edition the demo imports, one table per
    edition in the columns :func:`stadtpuls.io.published.read_published` reads."""
    totals = _edition_months(_read(*HASELHORST_TOTALS))
    bitkom = _edition_months(_read(*BITKOM_TOTALS))
    editions = [("haselhorst", int(y), rows) for y, rows in totals.groupby("jahr") if y != 2022]
    editions.append(("haselhorst", 2022, _haselhorst_2022()))
    editions.append(("bitkom_sci", 2019, _read(*BITKOM_2019)))
    editions += [("bitkom_sci", int(y), rows) for y, rows in bitkom.groupby("jahr")]
    return sorted(editions, key=lambda edition: edition[:2])


def _edition_months(rows: pd.DataFrame) -> pd.DataFrame:
    """A row's month of publication is the edition's only when it is in the edition's year: a
    later report that names an earlier edition's figure (Norderstedt's 2021 rank, named in
    September 2022) does not date that edition (it then counts from the start of its year)."""
    same_year = rows["veroeffentlicht"].str[:4] == rows["jahr"].astype(str)
    return rows.assign(veroeffentlicht=rows["veroeffentlicht"].where(same_year, ""))


def _haselhorst_2022() -> pd.DataFrame:
    """The status report's two top-10 lists with Norderstedt's ten area results (as area
    columns by the framework's area codes, in the order of the published chart) and the
    publication month and source of the areas."""
    seed = _read(*HASELHORST_2022).drop_duplicates("ags")
    areas = _read(*HASELHORST_2022_AREAS)
    codes = {node.label("de"): code for code, node in _areas(preset(FRAMEWORK))}
    areas = areas.assign(code=areas["bereich"].map(codes))
    wide = areas.pivot(index="ags", columns="code", values="wert_prozent")[
        list(areas["code"].drop_duplicates())  # the order of the published chart
    ]
    merged = seed.merge(wide, left_on="ags", right_index=True, how="left")
    return merged.assign(
        veroeffentlicht=areas["veroeffentlicht"].min(),
        quelle=areas["quelle"].mode().iloc[0],
    )


def _areas(framework) -> list:
    return [(code, framework[code]) for code in framework.areas]


def _read(package: str, name: str) -> pd.DataFrame:
    with resources.as_file(_data_file(package, name)) as path:
        return pd.read_csv(path, dtype={"ags": str})


def synthetic_observations() -> pd.DataFrame:
    """The generated demo observations (deterministic)."""
    anchors = published_haselhorst_2022().drop_duplicates("ags").set_index("ags")
    return SyntheticIndicators().generate(
        preset(FRAMEWORK), municipalities(), anchors["digitalisierungsgrad"]
    )


def _data_file(package: str, name: str):
    if package == "reference":
        return resources.files("stadtpuls.reference").joinpath("data", *name.split("/"))
    return resources.files("stadtpuls.demo").joinpath("data", name)


def _fingerprint(frame: pd.DataFrame) -> str:
    return f"{int(pd.util.hash_pandas_object(frame, index=False).sum()) & (2**64 - 1):016x}"
