"""Small data sets whose results are known by hand, for the web tests.

Ranking: a framework with two equally weighted areas of one percentage leaf each, scored
relative to the field (min-max). In 2022 the four cities have the values 10, 20, 30, 40 on
both leaves (Flensburg, Kiel, Lübeck, Norderstedt in that order), so their scores are 0, 33.3,
66.7 and 100 and the ranks 4, 3, 2, 1. In 2021 the order is reversed (Norderstedt last).

Programme: two categories, three items with a status history, one milestone, one KPI, two
rated ideas, one challenge. Only the working group "AK Mobilität" is marked public: its
latest comment may be published; the comments of "Sensoren Container" are internal.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from stadtpuls.core.programme.model import (
    Category,
    Challenge,
    Criterion,
    Dimension,
    Idea,
    Item,
    Kpi,
    Light,
    Measurement,
    Milestone,
    Programme,
    State,
    StatusEntry,
)
from stadtpuls.core.ranking.framework import Framework, Node, Scoring, ValueType
from stadtpuls.services.programme import whole as programme_whole
from stadtpuls.services.ranking import frameworks as ranking_frameworks
from stadtpuls.services.ranking import observations as ranking_observations
from stadtpuls.store.db import Store

FLENSBURG, KIEL, LUEBECK, NORDERSTEDT = "01001000", "01002000", "01003000", "01060063"
CITIES_2022 = (FLENSBURG, KIEL, LUEBECK, NORDERSTEDT)  # worst to best
EXPECTED_2022 = {
    NORDERSTEDT: (1, 100.0),
    LUEBECK: (2, 200 / 3),
    KIEL: (3, 100 / 3),
    FLENSBURG: (4, 0.0),
}
INTERNAL_COMMENT = "Intern: Förderbescheid steht noch aus"
LATEST_INTERNAL_COMMENT = "Intern: Ausschreibung verzögert sich"
PUBLIC_COMMENT = "Der Arbeitskreis tagt vierteljährlich im Rathaus"

MINI = Framework(
    code="mini",
    name="Mini-Ranking",
    scoring=Scoring.RELATIVE,
    nodes=(
        Node("idx", "Index"),
        Node("a", "Bereich A", parent="idx", name_en="Area A"),
        Node("a1", "Indikator A1", parent="a", value_type=ValueType.PERCENTAGE),
        Node("b", "Bereich B", parent="idx", name_en="Area B"),
        Node("b1", "Indikator B1", parent="b", value_type=ValueType.PERCENTAGE),
    ),
)


def observations(year: int, cities: tuple[str, ...]) -> pd.DataFrame:
    rows = [
        {
            "ags": ags,
            "year": year,
            "indicator": leaf,
            "value": 10.0 * (i + 1),
            "source_url": None,
            "seen_on": None,
            "note": None,
        }
        for i, ags in enumerate(cities)
        for leaf in ("a1", "b1")
    ]
    return pd.DataFrame(rows)


def load_ranking(store: Store) -> None:
    ranking_frameworks.register_framework(store, MINI)
    ranking_observations.store_observations(
        store,
        "mini",
        observations(2021, CITIES_2022[::-1]),
        file_name="mini_2021.csv",
        sha256="a" * 64,
    )
    ranking_observations.store_observations(
        store, "mini", observations(2022, CITIES_2022), file_name="mini_2022.csv", sha256="b" * 64
    )


PROGRAMME = Programme(
    key="testprogramm",
    name="Testprogramm",
    categories=(Category("pilot", "Pilotprojekte"), Category("ak", "Arbeitskreise")),
    items=(
        Item("sensoren", "Sensoren Container", category="pilot", planned_years=(2022, 2023)),
        Item("app", "Bürger-App", category="pilot", planned_years=(2023,)),
        Item("ak-mobil", "AK Mobilität", category="ak", public=True),
    ),
    statuses=(
        StatusEntry(
            "sensoren", date(2022, 3, 31), State.STARTED, Light.ON_TRACK, comment=INTERNAL_COMMENT
        ),
        StatusEntry(
            "sensoren",
            date(2022, 10, 24),
            State.RUNNING,
            Light.AT_RISK,
            comment=LATEST_INTERNAL_COMMENT,
        ),
        StatusEntry(
            "ak-mobil", date(2022, 10, 24), State.RUNNING, Light.ON_TRACK, comment=PUBLIC_COMMENT
        ),
    ),
    milestones=(
        Milestone(
            "beschluss",
            1,
            "Beschluss Stadtvertretung",
            due=date(2099, 12, 31),
            body="Stadtvertretung",
        ),
    ),
    kpis=(
        Kpi(
            "container",
            "Container mit Sensor",
            "Stück",
            baseline=0,
            target=100,
            baseline_date=date(2022, 1, 1),
            due=date(2022, 12, 31),
            item="sensoren",
            measurements=(Measurement(date(2022, 7, 2), 10.0),),
        ),
    ),
    criteria=(
        Criterion("nutzen", "Nutzen", Dimension.BENEFIT),
        Criterion("aufwand", "Aufwand", Dimension.COMPLEXITY),
    ),
    ideas=(
        Idea("leicht", "Leichte Idee", ratings={"nutzen": 4, "aufwand": 2}),
        Idea("schwer", "Schwere Idee", ratings={"nutzen": 2, "aufwand": 4}),
    ),
    challenges=(
        Challenge(
            "ressourcen",
            "Ressourcen sichern",
            owner="Chief Digital Officer",
            measures=("Stellenplan",),
        ),
    ),
)


def load_programme(store: Store) -> None:
    programme_whole.import_programme(store, PROGRAMME, "test")
