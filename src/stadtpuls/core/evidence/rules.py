"""What counts as evidence for one criterion: the ``evidence:`` block of a framework leaf."""

from __future__ import annotations

from dataclasses import dataclass

from stadtpuls.core.evidence.states import DEFAULT_COUNTING, IN_OPERATION, PILOT, PLANNED


@dataclass(frozen=True)
class EvidenceRule:
    """Phrases, link patterns and exclusions that decide whether a page shows a criterion.

    All texts are written as people write them ("Online-Termin", "Bürgerbeteiligung"); the
    matcher normalises case, umlauts (ä = ae), ß = ss and hyphens/spaces before comparing.
    A trailing ``*`` on a word allows any continuation ("Digitalstrateg*").

    - ``phrases``: wordings that name the criterion itself (strong evidence).
    - ``synonyms``: other wordings (weaker evidence, lower confidence); if ``context`` is given,
      a synonym counts only in a sentence that also holds one of the ``context`` wordings
      ("Hotspot" only next to "WLAN").
    - ``link_targets``: patterns on a link's target (host and path, ``*`` as wildcard), e.g.
      ``*termin*`` for an external booking service.
    - ``link_anchors``: phrases in a link's anchor text ("Online-Termin vereinbaren").
    - ``exclude``: phrases that make a sentence or link not count ("Terminvereinbarung nur
      telefonisch").
    - ``states``: which states of a finding count as evidence
      (:data:`stadtpuls.core.evidence.states.STATES`); default only ``in_operation``.
    - ``planned_counts``: shorthand of older frameworks for ``states: [in_operation, pilot,
      planned]`` (criteria like "Quartier in Planung oder Umsetzung").
    The free-text description of what counts stays on the framework node (``Node.evidence``).
    """

    phrases: tuple[str, ...] = ()
    synonyms: tuple[str, ...] = ()
    link_targets: tuple[str, ...] = ()
    link_anchors: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    context: tuple[str, ...] = ()
    planned_counts: bool = False
    states: tuple[str, ...] = ()

    @property
    def counting_states(self) -> frozenset[str]:
        """The states of a finding that count as evidence for this criterion."""
        if self.states:
            return frozenset(self.states)
        if self.planned_counts:
            return frozenset((IN_OPERATION, PILOT, PLANNED))
        return frozenset(DEFAULT_COUNTING)

    @property
    def is_empty(self) -> bool:
        """True if the rule has nothing a page could match."""
        return not (self.phrases or self.synonyms or self.link_targets or self.link_anchors)


@dataclass(frozen=True)
class CityContext:
    """The city a page belongs to, for telling news about it from news about other places.

    ``names`` are the city's own names, ``others`` the names of every other municipality of
    the gazetteer; both normalised with :func:`stadtpuls.core.evidence.text.normalise`.
    Inflected forms (genitive "Pinnebergs", inhabitants "Pinneberger", "Bremer") are derived
    by the matcher. Names that are everyday words or surnames ("Essen", "Wiesen") must be
    left out of ``others`` by whoever builds the context (the adapter uses a stop list learned
    from the gazetteer against a German noun lexicon).
    Build it with :func:`stadtpuls.services.evidence.city_context` (adapter over the reference
    data), or by hand in tests.
    """

    ags: str
    names: frozenset[str]
    others: frozenset[str] = frozenset()
    not_places: frozenset[str] = frozenset()
