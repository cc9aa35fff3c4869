"""The Norderstedt GO! programme as of October 2022, from the city's council status report.

What the report says is kept as it is; what it does not say (dates of phases, KPI figures,
ratings on the idea menu …) is marked illustrative in the YAML (see its ``notes``).
"""

from __future__ import annotations

from importlib import resources

from stadtpuls.core.programme.model import Programme
from stadtpuls.io.programme import parse_programme_yaml
from stadtpuls.services.programme import whole as programme_whole
from stadtpuls.store.db import Store

DEMO_FILE = "norderstedt_go.yaml"
DEMO_AUTHOR = "Demo-Daten"


def demo_programme() -> Programme:
    """The packaged demo programme, parsed and validated."""
    text = resources.files("stadtpuls.demo").joinpath("data", DEMO_FILE).read_text("utf-8")
    return parse_programme_yaml(text, DEMO_FILE)


def load(store: Store) -> None:
    """Store the demo programme unless a programme with its key is already there."""
    programme = demo_programme()
    if any(p.key == programme.key for p in programme_whole.list_programmes(store)):
        return
    programme_whole.import_programme(store, programme, DEMO_AUTHOR, source=DEMO_FILE)
