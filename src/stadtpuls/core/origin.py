"""Where a figure comes from: the one promise of Stadtpuls is that every figure says so.

An :class:`Origin` is data, decided once where a figure is assembled (a service), and carried
with the figure to every surface: the source line under a slide's table, the line under a web
panel, the ``source`` object of an API answer and the source column of an export. Renderers
only word it (:meth:`Origin.label`); they never decide it.

The kinds:

- ``published``: taken from a published ranking or report (``by`` the publisher, ``edition``,
  ``published`` the publication date, ``url`` the public source);
- ``computed``: computed by Stadtpuls (``method`` names framework version and pipeline,
  ``basis`` says from what: reviewed evidence, imported values, or synthetic demo values);
- ``entered``: typed in by the office (``by`` the role or account, ``when``);
- ``measured``: read from the city's data platform (``by`` the source, e.g. a SensorThings
  Datastream or MQTT topic, ``when`` the time of retrieval);
- ``illustrative``: a demo placeholder, not a real figure;
- ``synthetic``: generated demo values (a fixed seed), not real measurements.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any, Literal

from stadtpuls.i18n import format_date, tr

OriginKind = Literal["published", "computed", "entered", "measured", "illustrative", "synthetic"]
KINDS: tuple[OriginKind, ...] = (
    "published",
    "computed",
    "entered",
    "measured",
    "illustrative",
    "synthetic",
)
# Kinds a reader must not take for real figures: marked where they are shown.
NOT_REAL: frozenset[str] = frozenset({"illustrative", "synthetic"})


@dataclass(frozen=True)
class Origin:
    """The origin of one figure or one table of figures (see the module docstring)."""

    kind: OriginKind
    by: str | None = None
    edition: str | None = None
    published: date | None = None
    when: datetime | date | None = None
    method: str | None = None
    basis: str | None = None
    url: str | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"origin kind must be one of {KINDS}, got {self.kind!r}")

    @property
    def is_real(self) -> bool:
        """False for illustrative and synthetic figures, which must be marked as such."""
        return self.kind not in NOT_REAL

    def label(self) -> str:
        """One line in the user's language, e.g. for a slide's or panel's source line."""
        return _LABELS[self.kind](self)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (dates as ISO text, empty fields left out), for APIs and exports."""
        out: dict[str, Any] = {}
        for key, value in asdict(self).items():
            if value is None:
                continue
            out[key] = value.isoformat() if isinstance(value, date | datetime) else value
        out["label"] = self.label()
        return out


def _when(value: datetime | date | None) -> str:
    if value is None:
        return ""
    day = value.date() if isinstance(value, datetime) else value
    return format_date(day)


def _published(o: Origin) -> str:
    parts = [tr("Veröffentlicht", "Published")]
    if o.by:
        parts.append(tr(f"von {o.by}", f"by {o.by}"))
    if o.edition:
        parts.append(f"({o.edition})")
    if o.published:
        parts.append(tr(f"am {_when(o.published)}", f"on {_when(o.published)}"))
    text = " ".join(parts)
    return f"{text}; {o.url}" if o.url else text


def _computed(o: Origin) -> str:
    text = tr("Berechnet von Stadtpuls", "Computed by Stadtpuls")
    if o.basis:
        text += tr(f" aus {o.basis}", f" from {o.basis}")
    if o.method:
        text += f" ({o.method})"
    return text


def _entered(o: Origin) -> str:
    text = tr("Erfasst vom Smart-City-Büro", "Entered by the smart-city office")
    if o.by:
        text += f" ({o.by})"
    if o.when:
        text += tr(f" am {_when(o.when)}", f" on {_when(o.when)}")
    return text


def _measured(o: Origin) -> str:
    text = tr("Gemessen", "Measured")
    if o.by:
        text += tr(f": {o.by}", f": {o.by}")
    if o.when:
        text += tr(f", abgerufen am {_when(o.when)}", f", retrieved on {_when(o.when)}")
    return text


def _illustrative(o: Origin) -> str:
    text = tr(
        "ILLUSTRATIV: Platzhalter der Demo, keine echten Angaben",
        "ILLUSTRATIVE: demo placeholder, not real figures",
    )
    return f"{text} ({o.basis})" if o.basis else text


def _synthetic(o: Origin) -> str:
    text = tr(
        "SYNTHETISCH: generierte Demodaten, keine echten Messwerte",
        "SYNTHETIC: generated demo data, not real measurements",
    )
    return f"{text} ({o.method})" if o.method else text


_LABELS = {
    "published": _published,
    "computed": _computed,
    "entered": _entered,
    "measured": _measured,
    "illustrative": _illustrative,
    "synthetic": _synthetic,
}
