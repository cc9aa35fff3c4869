"""The one date rule for ranking editions: which edition a page, answer or report dated D shows.

Pure (no I/O): :func:`choose_edition` picks from the :class:`EditionCandidate` s the service
gathered from the store (:mod:`stadtpuls.services.editions`). The rule:

1. Only editions *known on D* count: a published edition from its publication date on (when
   the date is unknown, from the start of its year: rankings appear within their edition year),
   a computed edition of year Y from the start of Y.
2. Without a choice of the user, the default is the newest year among the editions whose
   coverage satisfies the framework's rule (:class:`Coverage`); within a year a published
   edition goes before a computed one; real editions go before synthetic (demo) ones, which
   are the default only when nothing real is known on D. A year whose coverage fails the rule
   (e.g. a partial import of a few values) is never the default.
3. The user may choose the kind and/or the year (:class:`EditionChoice`). A chosen kind without
   a year restricts rule 2 to that kind. A chosen year picks that year's edition known on D
   (published before computed unless the kind is chosen too), also one whose coverage fails
   the rule: its coverage is then in the reason.

Every :class:`Edition` carries its :class:`~stadtpuls.core.origin.Origin` and a ``reason``: one
sentence for the reader saying why this edition is shown (and which newer ones were passed over).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from stadtpuls.core.origin import Origin
from stadtpuls.core.ranking.names import COMPUTED, PUBLISHED
from stadtpuls.errors import NotFound
from stadtpuls.i18n import format_date, format_number, tr


@dataclass(frozen=True)
class Coverage:
    """How much of the field an edition scores: ``scored`` cities with a total score out of
    ``field`` (the cities the best-covered year of the framework scores). The framework's rule:
    at least ``min_share`` of the field (its ``min_coverage``) and at least one city."""

    scored: int
    field: int
    min_share: float

    @property
    def share(self) -> float:
        return self.scored / self.field if self.field else 0.0

    @property
    def sufficient(self) -> bool:
        return self.scored > 0 and self.share >= self.min_share - 1e-12

    def label(self) -> str:
        share = format_number(100 * self.share, 0)
        needed = format_number(100 * self.min_share, 0)
        return tr(
            f"{self.scored} von {self.field} Städten bewertet ({share} %; "
            f"die Regel des Modells verlangt {needed} %)",
            f"{self.scored} of {self.field} cities scored ({share}%; "
            f"the framework's rule asks for {needed}%)",
        )


@dataclass(frozen=True)
class EditionCandidate:
    """One stored edition: ``published_on`` is the publication date (published editions; None
    when unknown), ``coverage`` None for published editions (they are what was published)."""

    ranking: str
    year: int
    kind: str
    synthetic: bool
    origin: Origin
    published_on: date | None = None
    coverage: Coverage | None = None

    def known_on(self, as_of: date) -> bool:
        if self.kind == PUBLISHED and self.published_on is not None:
            return self.published_on <= as_of
        return self.year <= as_of.year

    @property
    def sufficient(self) -> bool:
        return self.coverage is None or self.coverage.sufficient

    def describe(self) -> str:
        """E.g. ``veröffentlichte Ausgabe 2022`` / ``berechnete Ausgabe 2023 (synthetisch)``."""
        text = (
            tr(f"veröffentlichte Ausgabe {self.year}", f"published edition {self.year}")
            if self.kind == PUBLISHED
            else tr(f"berechnete Ausgabe {self.year}", f"computed edition {self.year}")
        )
        return text + (tr(" (synthetisch)", " (synthetic)") if self.synthetic else "")


@dataclass(frozen=True)
class EditionChoice:
    """What the user chose (both optional): ``kind`` published/computed, ``year``."""

    kind: str | None = None
    year: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in (None, PUBLISHED, COMPUTED):
            raise ValueError(f"kind must be {PUBLISHED!r} or {COMPUTED!r}, got {self.kind!r}")

    @property
    def empty(self) -> bool:
        return self.kind is None and self.year is None

    def admits(self, candidate: EditionCandidate) -> bool:
        return (self.kind is None or candidate.kind == self.kind) and (
            self.year is None or candidate.year == self.year
        )


@dataclass(frozen=True)
class Edition:
    """The edition to show for a reporting date, why, and where its figures come from."""

    ranking: str
    year: int
    kind: str
    synthetic: bool
    origin: Origin
    reason: str
    as_of: date
    chosen: bool = False  # chosen by the user rather than by the rule
    published_on: date | None = None
    coverage: Coverage | None = None

    @property
    def ref(self) -> str:
        """``NAME:YEAR:KIND``, the ranking reference of :mod:`stadtpuls.services.ranking.tables`."""
        return f"{self.ranking}:{self.year}:{self.kind}"

    @property
    def sufficient(self) -> bool:
        return self.coverage is None or self.coverage.sufficient


def _preference(candidate: EditionCandidate) -> tuple[int, int]:
    """Newest year first; within a year, published before computed."""
    return candidate.year, 1 if candidate.kind == PUBLISHED else 0


def choose_edition(
    candidates: Sequence[EditionCandidate],
    as_of: date,
    choice: EditionChoice | None = None,
) -> Edition:
    """The edition to show on ``as_of`` (see the module docstring); :class:`NotFound` with the
    reason when there is none."""
    choice = choice or EditionChoice()
    ranking = candidates[0].ranking if candidates else "?"
    known = [c for c in candidates if c.known_on(as_of)]
    if choice.year is not None:
        return _chosen(ranking, known, candidates, as_of, choice)
    admitted = [c for c in known if choice.admits(c)]
    eligible = [c for c in admitted if c.sufficient]
    real = [c for c in eligible if not c.synthetic]
    pool = real or eligible
    if not pool:
        raise NotFound(_nothing_known(ranking, admitted, candidates, as_of))
    best = max(pool, key=_preference)
    reason = _default_reason(best, admitted, eligible, as_of)
    if choice.kind is not None:
        reason = (
            tr(
                f"Art gewählt: {_kind_word(choice.kind)}. ",
                f"Kind chosen: {_kind_word(choice.kind)}. ",
            )
            + reason
        )
    return _edition(best, as_of, reason, chosen=not choice.empty)


def _kind_word(kind: str) -> str:
    return tr("veröffentlicht", "published") if kind == PUBLISHED else tr("berechnet", "computed")


def _chosen(
    ranking: str,
    known: list[EditionCandidate],
    candidates: Sequence[EditionCandidate],
    as_of: date,
    choice: EditionChoice,
) -> Edition:
    matching = [c for c in known if choice.admits(c)]
    if not matching:
        later = [c for c in candidates if choice.admits(c)]
        raise NotFound(
            tr(
                f"'{ranking}': keine solche Ausgabe bis zum Stichtag {format_date(as_of)}"
                + (f" (erst später: {_list(later)})" if later else "")
                + f". Bekannt am Stichtag: {_list(known) or 'keine'}.",
                f"'{ranking}': no such edition up to the reporting date {format_date(as_of)}"
                + (f" (only later: {_list(later)})" if later else "")
                + f". Known on that date: {_list(known) or 'none'}.",
            )
        )
    best = max(matching, key=_preference)
    reason = tr(f"Gewählt: {best.describe()}.", f"Chosen: {best.describe()}.")
    if best.coverage is not None and not best.coverage.sufficient:
        reason += tr(
            f" Achtung, unvollständig: {best.coverage.label()}.",
            f" Caution, incomplete: {best.coverage.label()}.",
        )
    return _edition(best, as_of, reason, chosen=True)


def _edition(candidate: EditionCandidate, as_of: date, reason: str, *, chosen: bool) -> Edition:
    return Edition(
        ranking=candidate.ranking,
        year=candidate.year,
        kind=candidate.kind,
        synthetic=candidate.synthetic,
        origin=candidate.origin,
        reason=reason,
        as_of=as_of,
        chosen=chosen,
        published_on=candidate.published_on,
        coverage=candidate.coverage,
    )


def _default_reason(
    best: EditionCandidate,
    known: list[EditionCandidate],
    eligible: list[EditionCandidate],
    as_of: date,
) -> str:
    day = format_date(as_of)
    reason = tr(
        f"Die {best.describe()} ist die neueste bis zum Stichtag {day}",
        f"The {best.describe()} is the newest up to the reporting date {day}",
    )
    if best.kind == PUBLISHED:
        reason += tr(
            " (veröffentlichte Ausgaben gehen berechneten vor).",
            " (published editions go before computed ones).",
        )
    else:
        reason += "."
    for passed in sorted(known, key=_preference, reverse=True):
        if _preference(passed) <= _preference(best):
            continue
        if passed.coverage is not None and not passed.coverage.sufficient:
            reason += tr(
                f" Nicht die {passed.describe()}: {passed.coverage.label()}.",
                f" Not the {passed.describe()}: {passed.coverage.label()}.",
            )
        elif passed.synthetic and passed in eligible:
            reason += tr(
                f" Nicht die {passed.describe()}: synthetische Demodaten.",
                f" Not the {passed.describe()}: synthetic demo data.",
            )
    return reason


def _nothing_known(
    ranking: str,
    known: list[EditionCandidate],
    candidates: Sequence[EditionCandidate],
    as_of: date,
) -> str:
    day = format_date(as_of)
    if known:
        return tr(
            f"'{ranking}': keine Ausgabe bis zum Stichtag {day} erfüllt die Abdeckungsregel des "
            f"Modells ({_coverages(known)}); eine kann ausdrücklich gewählt werden.",
            f"'{ranking}': no edition up to the reporting date {day} satisfies the framework's "
            f"coverage rule ({_coverages(known)}); one can be chosen explicitly.",
        )
    if candidates:
        return tr(
            f"'{ranking}': bis zum Stichtag {day} gab es noch keine Ausgabe "
            f"(vorhanden: {_list(candidates)}).",
            f"'{ranking}': no edition existed up to the reporting date {day} "
            f"(stored: {_list(candidates)}).",
        )
    return tr(
        f"Für '{ranking}' sind keine Daten und keine veröffentlichten Ergebnisse vorhanden.",
        f"'{ranking}' has no data and no published results.",
    )


def _list(candidates: Sequence[EditionCandidate]) -> str:
    return ", ".join(c.describe() for c in sorted(candidates, key=_preference))


def _coverages(candidates: Sequence[EditionCandidate]) -> str:
    return "; ".join(
        f"{c.year}: {c.coverage.label()}" for c in candidates if c.coverage is not None
    )
