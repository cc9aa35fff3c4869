"""Use cases of the KPI pages and commands: define a KPI, look at one with every measurement
and where it comes from, check a typed value before it is saved, record or correct a value.

Numbers come as people type them (:func:`stadtpuls.i18n.parse_number`); the page shows the
parsed value and any doubts (:mod:`stadtpuls.core.programme.plausibility`) before saving.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from stadtpuls.core.origin import Origin
from stadtpuls.core.programme.model import (
    Kpi,
    Measurement,
)
from stadtpuls.core.programme.plausibility import implausibility
from stadtpuls.core.programme.status import (
    KpiAssessment,
    assess_kpi,
    effective_measurements,
)
from stadtpuls.errors import InputRejected, NotFound, RowProblem
from stadtpuls.i18n import parse_number, tr
from stadtpuls.services import platform
from stadtpuls.services.programme import entities as programme_entities
from stadtpuls.services.programme import kpis as programme_kpis
from stadtpuls.services.programme import whole as programme_whole
from stadtpuls.services.programme.whole import (
    _entity,
    _measurements_by_kpi,
    check_entities,
    load_programme,
    measurement_values,
)
from stadtpuls.store.db import Store
from stadtpuls.store.programme import ProgrammeRepository


@dataclass(frozen=True)
class ShownMeasurement:
    """A measurement with its origin and whether it is the one in force for its date."""

    measurement: Measurement
    origin: Origin
    in_force: bool


@dataclass(frozen=True)
class KpiDetail:
    assessment: KpiAssessment
    measurements: tuple[ShownMeasurement, ...]
    source: platform.SourceView | None

    @property
    def flags(self) -> list[str]:
        return source_flags(self.source)


@dataclass(frozen=True)
class Preview:
    """A typed value as understood, with doubts to confirm before saving."""

    text: str
    value: float
    warnings: tuple[str, ...]


def origin_of(m: Measurement) -> Origin:
    """Where a measurement comes from, as :class:`Origin` (for labels and exports)."""
    if m.origin == "measured" and m.source is not None:
        return Origin(
            "measured",
            by=m.source.source,
            when=m.source.retrieved_at,
            method=m.source.query,
        )
    if m.origin == "illustrative":
        return Origin("illustrative", basis=m.source.source if m.source else None)
    return Origin("entered", by=m.author, when=m.recorded_at)


def overview(store, programme: str | None, as_of: date) -> list[KpiDetail]:
    """Every KPI with its status, measurements and source."""
    whole = programme_whole.load_programme(store, programme)
    views = {v.settings.kpi_key: v for v in platform.sources(store, programme)}
    return [_detail(k, views.get(k.key), as_of) for k in whole.kpis]


def detail(store, programme: str | None, key: str, as_of: date) -> KpiDetail:
    found = [d for d in overview(store, programme, as_of) if d.assessment.kpi.key == key]
    if not found:
        raise NotFound(tr(f"Kennzahl '{key}' gibt es nicht.", f"There is no KPI '{key}'."))
    return found[0]


def _detail(kpi: Kpi, view: platform.SourceView | None, as_of: date) -> KpiDetail:
    in_force = {id(m) for m in effective_measurements(kpi.measurements)}
    shown = tuple(ShownMeasurement(m, origin_of(m), id(m) in in_force) for m in kpi.measurements)
    return KpiDetail(assess_kpi(kpi, as_of), shown, view)


def preview(store, programme: str | None, key: str, text: str, as_of: date) -> Preview:
    """The typed ``text`` parsed, with warnings against the target and the last value.

    Raises :class:`InputRejected` (field ``value``) when it is no number."""
    try:
        value = parse_number(text)
    except ValueError as error:
        raise InputRejected(
            tr("Der Wert ist keine Zahl.", "The value is not a number."),
            [RowProblem(tr("Formular", "form"), None, "value", str(error))],
        ) from None
    kpi = detail(store, programme, key, as_of).assessment
    last = kpi.latest.value if kpi.latest else None
    return Preview(text, value, tuple(implausibility(kpi.kpi, value, last)))


def record(
    store,
    programme: str | None,
    key: str,
    on: date,
    value: float,
    note: str | None,
    author: str,
    as_of: date,
    corrects: int | None = None,
) -> KpiAssessment:
    """Record a value; with ``corrects`` it overrides that measurement (same date)."""
    if corrects is not None:
        current = detail(store, programme, key, as_of)
        target = next(
            (s.measurement for s in current.measurements if s.measurement.id == corrects), None
        )
        if target is None:
            raise NotFound(
                tr(
                    f"Messwert {corrects} gibt es bei '{key}' nicht.",
                    f"There is no measurement {corrects} of '{key}'.",
                )
            )
        on = target.date
    measurement = Measurement(on, value, note, corrects=corrects)
    return programme_kpis.add_measurement(store, programme, key, measurement, author, as_of)


def define(
    store,
    programme: str | None,
    fields: dict[str, str],
    author: str,
) -> Kpi:
    """A new KPI from form or command-line text (numbers as typed, dates as ISO)."""
    problems: list[RowProblem] = []
    form = tr("Formular", "form")

    def number(name: str) -> float:
        try:
            return parse_number(fields.get(name, ""))
        except ValueError as error:
            problems.append(RowProblem(form, None, name, str(error)))
            return 0.0

    def day(name: str) -> date:
        try:
            return date.fromisoformat(fields.get(name, "").strip())
        except ValueError:
            problems.append(RowProblem(form, None, name, tr("kein Datum", "not a date")))
            return date.min

    for name in ("key", "name"):
        if not fields.get(name, "").strip():
            problems.append(RowProblem(form, None, name, tr("fehlt", "missing")))
    baseline, target = number("baseline"), number("target")
    baseline_date, due = day("baseline_date"), day("due")
    if not problems:
        try:
            kpi = Kpi(
                key=fields["key"].strip(),
                name=fields["name"].strip(),
                unit=fields.get("unit", "").strip(),
                baseline=baseline,
                baseline_date=baseline_date,
                target=target,
                due=due,
                item=fields.get("item", "").strip() or None,
                level=fields.get("level", "").strip() or None,
            )
        except ValueError as error:
            problems.append(RowProblem(form, None, None, str(error)))
    if problems:
        raise InputRejected(
            tr(
                "Die Kennzahl ist so nicht gültig, nichts gespeichert.",
                "The KPI is not valid like this, nothing saved.",
            ),
            problems,
        )
    programme_entities.create_entity(store, programme, kpi, author)
    return kpi


def source_flags(view: platform.SourceView | None) -> list[str]:
    """What a reader must know about a KPI's data source, in words."""
    if view is None:
        return []
    flags = view.flags
    words = []
    if view.last_error:
        words.append(
            tr(
                f"Letzter Abruf fehlgeschlagen: {view.last_error}",
                f"Last retrieval failed: {view.last_error}",
            )
        )
    if flags.get("stale"):
        words.append(
            tr(
                f"Datenstrom verstummt (letzte Beobachtung {flags.get('last_time')})",
                f"Feed stopped (last observation {flags.get('last_time')})",
            )
        )
    if flags.get("gaps"):
        words.append(
            tr(
                f"Lücken in {len(flags['gaps'])} Zeiträumen",
                f"Gaps in {len(flags['gaps'])} periods",
            )
        )
    if flags.get("outliers"):
        words.append(tr(f"{flags['outliers']} Ausreißer", f"{flags['outliers']} outliers"))
    return words


def kpi_report(store: Store, programme: str | None, as_of: date) -> list[KpiAssessment]:
    """Every KPI with its derived status on ``as_of``, in the programme's order."""
    return [assess_kpi(k, as_of) for k in load_programme(store, programme).kpis]


def add_measurement(
    store: Store,
    programme: str | None,
    kpi_key: str,
    measurement: Measurement,
    author: str,
    as_of: date,
) -> KpiAssessment:
    """Record a KPI measurement; returns the KPI's status on ``as_of`` afterwards."""
    check_entities([measurement])
    measurement = dataclasses.replace(measurement, author=measurement.author or author)
    with store.session() as session:
        repo = ProgrammeRepository(session)
        row = repo.programme(programme)
        kpi: Kpi = _entity(repo.entity(row.id, "kpi", kpi_key))
        repo.append_measurements(row.id, [measurement_values(kpi_key, measurement)], author)
        known = _measurements_by_kpi(repo.measurements(row.id)).get(kpi_key, ())
        return assess_kpi(dataclasses.replace(kpi, measurements=known), as_of)
