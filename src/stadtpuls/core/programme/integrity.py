"""Consistency of a whole programme: unique keys and references that point somewhere."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from stadtpuls.core.programme.model import COLLECTIONS, Programme


@dataclass(frozen=True)
class Inconsistency:
    """``kind``/``key`` names the entity, ``field`` the offending field."""

    kind: str
    key: str
    field: str | None
    reason: str


def check_programme(programme: Programme) -> list[Inconsistency]:
    """Every duplicate key and every reference to a missing entity, in file order."""
    return _duplicates(programme) + _dangling(programme)


def _duplicates(programme: Programme) -> list[Inconsistency]:
    found = []
    for kind, attribute in COLLECTIONS.items():
        counts = Counter(entity.key for entity in getattr(programme, attribute))
        found += [
            Inconsistency(kind, key, "key", f"Schlüssel kommt {n}-mal vor")
            for key, n in counts.items()
            if n > 1
        ]
    return found


def _dangling(programme: Programme) -> list[Inconsistency]:
    keys = {kind: {e.key for e in getattr(programme, attr)} for kind, attr in COLLECTIONS.items()}
    found: list[Inconsistency] = []

    def expect(kind: str, key: str, field: str, target: str, values: Iterable[str | None]) -> None:
        for value in values:
            if value is not None and value not in keys[target]:
                found.append(Inconsistency(kind, key, field, f"'{value}' ist nicht bekannt"))

    for item in programme.items:
        expect("item", item.key, "category", "category", [item.category])
        expect("item", item.key, "goals", "goal", item.goals)
        expect("item", item.key, "phase", "phase", [item.phase])
        expect("item", item.key, "origin_idea", "idea", [item.origin_idea])
    for milestone in programme.milestones:
        expect("milestone", milestone.key, "phase", "phase", [milestone.phase])
    for kpi in programme.kpis:
        expect("kpi", kpi.key, "item", "item", [kpi.item])
    for idea in programme.ideas:
        expect("idea", idea.key, "ratings", "criterion", idea.ratings)
        expect("idea", idea.key, "promoted_to", "item", [idea.promoted_to])
        expect("idea", idea.key, "workshop", "note", [idea.workshop])
    for entry in programme.statuses:
        expect("status", entry.item, "item", "item", [entry.item])
    return found
