"""Loading the ranking demo: synthetic Haselhorst-style indicators beside real published results.

* ``haselhorst`` (framework preset) with generated observations for 2020–2022, imported as
  synthetic (see :mod:`stadtpuls.demo.synthetic`);
* the published Haselhorst 2022 results shown in the status report (national top 10 and
  Schleswig-Holstein top 10; shipped in ``stadtpuls/reference/data/published``);
* Norderstedt's published Haselhorst rank of 2021 (11; the status report says "+1 Platz"; the
  score and the other cities of 2021 are not in the report);
* the Bitkom Smart City Index 2019 (81 cities; demo data only, see ``data/bitkom_sci_2019.md``).

Loading is idempotent: observations are upserted, published editions replaced.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib import resources

import pandas as pd

from stadtpuls.demo.synthetic import SyntheticIndicators
from stadtpuls.io.frameworks import preset
from stadtpuls.io.observations import validate_observations
from stadtpuls.reference import municipalities, published_haselhorst_2022
from stadtpuls.services import ranking as service
from stadtpuls.store.db import Store

FRAMEWORK = "haselhorst"
CITY = "01060063"  # Norderstedt, the city of the status report
PUBLISHED = (
    ("haselhorst", "demo", "haselhorst_2021_norderstedt.csv"),
    ("haselhorst", "reference", "published/haselhorst_2022_seed.csv"),
    ("bitkom_sci", "demo", "bitkom_sci_2019.csv"),
)
STEPS = ("framework", "observations", "published")


def load(store: Store, reset: bool = False, on_step: Callable[[str], None] | None = None) -> None:
    """Put the ranking demo into ``store``; ``on_step`` is told each finished step of
    :data:`STEPS` (for a progress bar)."""
    done = on_step or (lambda _step: None)
    if reset:
        service.delete_framework(store, FRAMEWORK)
        for ranking, _package, _file in PUBLISHED:
            service.delete_published(store, ranking)
    framework = service.framework(store, FRAMEWORK)
    done("framework")
    observations = synthetic_observations()
    table = validate_observations(
        observations,
        framework,
        file="synthetic_haselhorst.csv",
        sha256=_fingerprint(observations),
        layout="long",
    )
    service.store_observations(
        store, FRAMEWORK, table.frame, file_name=table.file, sha256=table.sha256, synthetic=True
    )
    done("observations")
    for ranking, package, file in PUBLISHED:
        with resources.as_file(_data_file(package, file)) as path:
            service.import_published(store, path, ranking)
    done("published")


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
