"""The date rule for ranking editions (core rule, hand-made candidates; the service on a store
with a partial import) and the rules for evidence and stale statuses."""

from __future__ import annotations

from datetime import date, datetime

import pandas as pd
import pytest

from stadtpuls.core.asof import StalenessRule, evidence_known
from stadtpuls.core.origin import Origin
from stadtpuls.core.ranking.editions import (
    Coverage,
    EditionCandidate,
    EditionChoice,
    choose_edition,
)
from stadtpuls.errors import NotFound
from stadtpuls.services import editions
from stadtpuls.services.ranking import frameworks as ranking_frameworks
from stadtpuls.services.ranking import observations as ranking_observations
from stadtpuls.services.ranking import published as ranking_published

PUB = Origin("published", by="Haselhorst Associates")
CALC = Origin("computed")
SYN = Origin("synthetic")


def published(year: int, on: date | None, synthetic: bool = False) -> EditionCandidate:
    return EditionCandidate("hh", year, "published", synthetic, PUB, published_on=on)


def computed(year: int, scored: int, synthetic: bool = False) -> EditionCandidate:
    return EditionCandidate(
        "hh",
        year,
        "computed",
        synthetic,
        SYN if synthetic else CALC,
        coverage=Coverage(scored, 400, 0.5),
    )


def test_published_edition_counts_only_from_its_publication_date() -> None:
    found = [published(2021, date(2021, 11, 30)), published(2022, date(2022, 9, 30))]
    assert choose_edition(found, date(2022, 9, 29)).year == 2021
    assert choose_edition(found, date(2022, 9, 30)).year == 2022


def test_unknown_publication_date_counts_from_the_start_of_the_edition_year() -> None:
    found = [published(2021, None), published(2022, None)]
    assert choose_edition(found, date(2021, 12, 31)).year == 2021
    assert choose_edition(found, date(2022, 1, 1)).year == 2022


def test_published_goes_before_computed_of_the_same_year() -> None:
    found = [computed(2022, 400), published(2022, date(2022, 9, 30))]
    chosen = choose_edition(found, date(2023, 1, 16))
    assert (chosen.year, chosen.kind, chosen.chosen) == (2022, "published", False)
    assert "veröffentlichte Ausgaben gehen berechneten vor" in chosen.reason


def test_a_partial_year_is_never_the_default_but_can_be_chosen() -> None:
    found = [computed(2022, 400), computed(2023, 9)]
    default = choose_edition(found, date(2023, 10, 1))
    assert (default.year, default.kind) == (2022, "computed")
    assert "9 von 400 Städten bewertet" in default.reason
    chosen = choose_edition(found, date(2023, 10, 1), EditionChoice(year=2023))
    assert (chosen.year, chosen.chosen, chosen.sufficient) == (2023, True, False)
    assert "unvollständig" in chosen.reason


def test_synthetic_is_the_default_only_when_nothing_real_is_known() -> None:
    found = [
        computed(2021, 400, synthetic=True),
        computed(2022, 400, synthetic=True),
        published(2021, date(2021, 11, 30)),
    ]
    assert choose_edition(found, date(2022, 10, 24)).kind == "published"
    before_publication = choose_edition(found, date(2021, 11, 29))
    assert (before_publication.kind, before_publication.synthetic) == ("computed", True)
    only_synthetic = [computed(2022, 400, synthetic=True)]
    assert choose_edition(only_synthetic, date(2022, 10, 24)).synthetic


def test_nothing_before_the_date_is_refused_with_the_reason() -> None:
    with pytest.raises(NotFound, match="noch keine Ausgabe"):
        choose_edition([published(2022, date(2022, 9, 30))], date(2022, 9, 1))
    with pytest.raises(NotFound, match="erst später"):
        choose_edition(
            [published(2021, None), published(2022, date(2022, 9, 30))],
            date(2022, 9, 1),
            EditionChoice(year=2022),
        )
    with pytest.raises(NotFound, match="Abdeckungsregel"):
        choose_edition([computed(2023, 9)], date(2023, 10, 1))


def test_user_choice_of_kind() -> None:
    found = [computed(2022, 400), published(2022, date(2022, 9, 30))]
    chosen = choose_edition(found, date(2023, 1, 16), EditionChoice(kind="computed"))
    assert (chosen.kind, chosen.chosen, chosen.ref) == ("computed", True, "hh:2022:computed")


def test_evidence_counts_only_when_reviewed_by_the_date() -> None:
    assert evidence_known(datetime(2022, 10, 24, 23, 59), date(2022, 10, 24))
    assert not evidence_known(datetime(2026, 12, 5, 9, 0), date(2022, 10, 24))
    assert not evidence_known(None, date(2022, 10, 24))


def test_statuses_older_than_the_configured_age_are_stale() -> None:
    rule = StalenessRule()
    assert rule.cutoff(date(2023, 1, 16)) == date(2022, 10, 18)  # 90 days before
    assert not rule.is_stale(date(2022, 10, 24), date(2023, 1, 16))
    assert rule.is_stale(date(2022, 10, 17), date(2023, 1, 16))
    assert StalenessRule(30).is_stale(date(2022, 10, 24), date(2023, 1, 16))
    with pytest.raises(ValueError):
        StalenessRule(-1)


def test_staleness_rule_is_configured_in_the_environment(monkeypatch) -> None:
    monkeypatch.setenv(editions.STALE_DAYS_SETTING, "30")
    assert editions.staleness_rule().max_age_days == 30
    monkeypatch.delenv(editions.STALE_DAYS_SETTING)
    assert editions.staleness_rule().max_age_days == 90


# -- the service on a store ------------------------------------------------------------------

CITIES = ("01001000", "01002000", "01003000", "01060063")


def _values(year: int, cities: tuple[str, ...], leaves: tuple[str, ...]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "ags": a,
                "year": year,
                "indicator": leaf,
                "value": 1.0 + i % 2,
                "source_url": None,
                "seen_on": None,
                "note": None,
            }
            for i, a in enumerate(cities)
            for leaf in leaves
        ]
    )


def test_service_partial_import_does_not_become_the_default(store, tiny_framework) -> None:
    ranking_frameworks.register_framework(store, tiny_framework)
    full = _values(2022, CITIES, ("a1", "a2", "b1"))
    ranking_observations.store_observations(
        store, "tiny", full, file_name="2022.csv", sha256="a" * 64
    )
    # 2023: a1 only for one city (half of area A's weight: just enough for the city's score),
    # so 1 of the 4 cities of the best-covered year is scored: below the rule's 50 %
    partial = _values(2023, CITIES[:1], ("a1",))
    ranking_observations.store_observations(
        store, "tiny", partial, file_name="2023.csv", sha256="b" * 64
    )
    shown = editions.edition(store, "tiny", date(2023, 12, 1))
    assert (shown.year, shown.kind) == (2022, "computed")
    assert shown.coverage == Coverage(4, 4, 0.5)
    assert "1 von 4 Städten bewertet (25 %" in shown.reason
    assert shown.origin.kind == "computed" and shown.origin.basis == "importierten Werten"
    chosen = editions.edition(store, "tiny", date(2023, 12, 1), EditionChoice(year=2023))
    assert chosen.coverage == Coverage(1, 4, 0.5)


def test_service_prefers_the_published_edition_known_on_the_date(store, tmp_path) -> None:
    path = tmp_path / "bitkom.csv"
    path.write_text(
        "jahr,rang,stadt,ags,gesamt,veroeffentlicht,staedte_im_ranking\n"
        "2022,1,Hamburg,02000000,86.1,2022-09,81\n"
        "2022,2,München,09162000,83.1,2022-10,81\n",
        encoding="utf-8",
    )
    ranking_published.import_published(store, path, "bitkom_sci")
    before = pytest.raises(NotFound)
    with before:
        editions.edition(store, "bitkom_sci", date(2022, 9, 29))
    shown = editions.edition(store, "bitkom_sci", date(2022, 10, 24))
    assert (shown.year, shown.kind, shown.published_on) == (2022, "published", date(2022, 9, 30))
    assert shown.origin.to_dict()["by"] == "Bitkom e.V."
    assert shown.origin.label() == (
        "Veröffentlicht von Bitkom e.V. (Smart City Index 2022) am 30.09.2022"
    )


def test_a_chosen_kind_without_a_year_still_skips_a_partial_year() -> None:
    found = [computed(2022, 400), computed(2023, 9), published(2022, date(2022, 9, 30))]
    chosen = choose_edition(found, date(2023, 10, 1), EditionChoice(kind="computed"))
    assert (chosen.year, chosen.kind, chosen.chosen) == (2022, "computed", True)
    assert chosen.reason.startswith("Art gewählt: berechnet.")


def test_cli_import_takes_the_publication_date(tmp_path) -> None:
    from typer.testing import CliRunner

    from stadtpuls.cli.main import app
    from stadtpuls.store.db import Store

    path = tmp_path / "bitkom.csv"
    path.write_text("jahr,rang,stadt,ags,gesamt\n2022,1,Hamburg,02000000,86.1\n", encoding="utf-8")
    database = tmp_path / "p.db"
    base = ["--database", str(database)]
    command = ["published", "import", str(path), "-r", "bitkom_sci"]
    imported = CliRunner().invoke(app, [*base, *command, "--published-on", "14.09.2022"])
    assert imported.exit_code == 0, imported.output
    store = Store.open(f"sqlite:///{database}")
    try:
        shown = editions.edition(store, "bitkom_sci", date(2022, 9, 14))
        assert shown.published_on == date(2022, 9, 14)
        with pytest.raises(NotFound):
            editions.edition(store, "bitkom_sci", date(2022, 9, 13))
    finally:
        store.dispose()
