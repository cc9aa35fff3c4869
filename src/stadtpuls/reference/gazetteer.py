"""Find a municipality's AGS from what people write: a key or a name in everyday spelling.

Keys: an 8-digit AGS; a 7-digit number is taken as an AGS whose leading zero was lost (a
spreadsheet turned "01060063" into 1060063): this is unambiguous, because only the state
codes 01–09 start with a zero. A 12-digit Regionalschlüssel (ARS) is accepted too.

Names are matched by the keys of :mod:`stadtpuls.core.places`, strictest first: the exact key
("Frankfurt a.M." = "Frankfurt am Main"), the loose key ("Halle/Saale" = "Halle (Saale)"),
the base key without the qualifier ("Frankfurt" → Frankfurt am Main *and* Frankfurt (Oder))
and, only if nothing else matched, the spelling key ("Munchen" → München). A name without a
qualifier always looks at every place with that base, so "Halle" is reported as ambiguous
(Halle (Saale), Halle (Westf.), two villages called Halle) instead of being guessed. Hints
(state, minimum population) narrow the candidates. If nothing matches, a leading designation
("Stadt", "Hansestadt", "Lutherstadt", ...) is dropped and the lookup repeated.
"""

from __future__ import annotations

import difflib
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Literal

import pandas as pd

from stadtpuls.core.places import (
    DESIGNATIONS,
    designation_pattern,
    fold,
    name_keys,
    spelling_key,
    without_designation,
)
from stadtpuls.errors import NotFound, StadtpulsError
from stadtpuls.i18n import format_number, tr
from stadtpuls.reference.municipalities import districts, municipalities, states

_KEY_RE = re.compile(r"^\d[\d ]*$")
_STATE_ABBREVIATIONS = {
    "sh": "01",
    "hh": "02",
    "ni": "03",
    "hb": "04",
    "nw": "05",
    "nrw": "05",
    "he": "06",
    "rp": "07",
    "bw": "08",
    "by": "09",
    "sl": "10",
    "be": "11",
    "bb": "12",
    "mv": "13",
    "sn": "14",
    "st": "15",
    "th": "16",
}
Suggest = Literal["thorough", "quick", "none"]  # how hard to look for "did you mean" names
SUGGESTION_LIMIT = 50  # distinct unknown names per bulk lookup that get "did you mean"


@dataclass(frozen=True)
class Candidate:
    """One municipality a name may mean."""

    ags: str
    name: str
    district: str
    state: str
    population: int

    def __str__(self) -> str:
        inhabitants = f"{format_number(self.population, 0)} {tr('Einw.', 'inhabitants')}"
        return f"{self.name} ({self.district}, {self.state}; {inhabitants}) – AGS {self.ags}"


class AmbiguousName(StadtpulsError):
    """A name fits several municipalities; ``candidates`` lists them, largest first."""

    def __init__(self, text: str, candidates: list[Candidate]) -> None:
        self.text = text
        self.candidates = candidates
        lines = [
            tr(
                f"'{text}' ist mehrdeutig ({len(candidates)} Gemeinden). "
                "Bitte den AGS angeben oder das Land dazu nennen:",
                f"'{text}' is ambiguous ({len(candidates)} municipalities). "
                "Please give the AGS or name the state:",
            ),
            *(f"  {c}" for c in candidates),
        ]
        super().__init__("\n".join(lines))


class UnknownName(NotFound):
    """No municipality has this name or key; ``suggestions`` holds close names, if any."""

    def __init__(self, message: str, text: str, suggestions: tuple[str, ...]) -> None:
        super().__init__(message)
        self.text = text
        self.suggestions = suggestions


@dataclass(frozen=True)
class LookupProblem:
    """Why one text of :meth:`Gazetteer.resolve_many` could not be resolved."""

    text: str
    reason: str
    candidates: tuple[Candidate, ...] = ()
    suggestions: tuple[str, ...] = ()

    def __str__(self) -> str:
        return self.reason


@dataclass(frozen=True)
class _Hints:
    state_code: str | None = None
    min_population: int | None = None


class _KeyIndex:
    """Lookup key → AGS list, for one kind of key."""

    def __init__(self) -> None:
        self._map: dict[str, list[str]] = defaultdict(list)

    def add(self, key: str, ags: str) -> None:
        if key and ags not in self._map[key]:
            self._map[key].append(ags)

    def get(self, key: str) -> list[str]:
        return self._map.get(key, [])

    def __iter__(self) -> Iterator[str]:
        return iter(self._map)


class Gazetteer:
    """Resolves AGS keys and names against a municipality table (see ``municipalities()``).

    Built once from the table: dictionaries from lookup key to AGS, so resolving a name costs
    a few dictionary look-ups, not a scan of the table.
    """

    def __init__(self, table: pd.DataFrame, state_table: pd.DataFrame) -> None:
        self._states = state_table
        self._state_codes = self._index_states(state_table)
        self._state_names = {fold(name): code for code, name in state_table["name"].items()}
        self._info = {
            ags: Candidate(ags, short, district, state, int(population))
            for ags, short, district, state, population in zip(
                table.index,
                table["name_short"],
                table["district"],
                table["state"],
                table["population"],
                strict=True,
            )
        }
        self._table = table

    # The name indexes are built on the first look-up of a name: a file keyed by AGS (the
    # bulk case) never needs them, and building them for 13,500 names is half a second.
    @cached_property
    def _indexes(self) -> tuple[_KeyIndex, ...]:
        """Name key → AGS, per kind of key: exact, loose, base, spelling."""
        indexes = tuple(_KeyIndex() for _ in range(4))
        table = self._table
        for ags, name, short in zip(table.index, table["name"], table["name_short"], strict=True):
            for text in {name, short}:
                for index, key in zip(indexes, name_keys(text), strict=True):
                    index.add(key, ags)
        return indexes

    @cached_property
    def _designations(self) -> re.Pattern[str]:
        return designation_pattern(
            [*DESIGNATIONS, *self._official_designations(self._table["name"])]
        )

    @cached_property
    def _by_prefix(self) -> dict[str, list[str]]:
        """Spelling keys by their first two letters (the pool of "did you mean")."""
        by_prefix: dict[str, list[str]] = defaultdict(list)
        for key in self._indexes[3]:
            by_prefix[key[:2]].append(key)
        return by_prefix

    @staticmethod
    def _official_designations(names: Iterable[str]) -> set[str]:
        """The designations after the comma of official names ("Lutherstadt", "Ostseebad")."""
        return {part.strip() for name in names for part in name.split(",")[1:]}

    @staticmethod
    def _index_states(state_table: pd.DataFrame) -> dict[str, str]:
        codes = {code: code for code in state_table.index}
        codes.update({fold(name): code for code, name in state_table["name"].items()})
        codes.update(_STATE_ABBREVIATIONS)
        return codes

    # -- public -----------------------------------------------------------------------------
    def resolve(
        self, text: str, state: str | None = None, min_population: int | None = None
    ) -> str:
        """The AGS ``text`` means. ``state`` (name, code or abbreviation like "SH") and
        ``min_population`` narrow the candidates of a name.

        Raises :class:`UnknownName` (a :class:`~stadtpuls.errors.NotFound`, with "did you mean"
        suggestions) or :class:`AmbiguousName` (with the candidates).
        """
        result = self._resolve(text, self._hints(state, min_population), suggest="thorough")
        if isinstance(result, str):
            return result
        if result.candidates:
            raise AmbiguousName(text, list(result.candidates))
        raise UnknownName(result.reason, text, result.suggestions)

    def resolve_many(
        self,
        texts: Iterable[object],
        state: str | None = None,
        min_population: int | None = None,
    ) -> list[str | LookupProblem]:
        """Resolve many texts at once (bulk imports): the AGS or a :class:`LookupProblem`.

        Each distinct text is resolved once; nothing is raised. Only the first
        :data:`SUGGESTION_LIMIT` distinct unknown names get "did you mean" suggestions.
        """
        hints = self._hints(state, min_population)
        done: dict[str, str | LookupProblem] = {}
        out: list[str | LookupProblem] = []
        unknown = 0
        for raw in texts:
            text = "" if raw is None or (isinstance(raw, float) and raw != raw) else str(raw)
            if text not in done:
                suggest: Suggest = "quick" if unknown < SUGGESTION_LIMIT else "none"
                result = self._resolve(text, hints, suggest)
                if isinstance(result, LookupProblem) and not result.candidates:
                    unknown += 1
                done[text] = result
            out.append(done[text])
        return out

    def candidates(self, text: str) -> list[Candidate]:
        """Every municipality the name ``text`` may mean (empty if none), largest first."""
        return self._candidates(self._match(text.strip()))

    def suggest(self, text: str, n: int = 5, thorough: bool = True) -> list[str]:
        """Names close to ``text`` (difflib), for "did you mean" messages.

        Looks at names with the same first two letters; ``thorough`` widens the search to the
        same first letter when that finds nothing (slower: used for single look-ups).
        """
        key = spelling_key(text)
        close = difflib.get_close_matches(key, self._by_prefix.get(key[:2], []), n, 0.75)
        if not close and thorough:
            pool = [k for k in self._indexes[3] if k[:1] == key[:1]]
            close = difflib.get_close_matches(key, pool, n, 0.75)
        names = [self._info[a].name for match in close for a in self._indexes[3].get(match)]
        return list(dict.fromkeys(names))[:n]

    def state_code(self, state: str) -> str:
        """The 2-digit code of a state given by name, code or abbreviation ("SH", "NRW")."""
        code = self._state_codes.get(fold(state.strip()))
        if code is None:
            choices = ", ".join(self._states["name"])
            raise NotFound(
                tr(
                    f"Unbekanntes Land '{state}'. Möglich: {choices}",
                    f"Unknown state '{state}'. Possible: {choices}",
                )
            )
        return code

    # -- internals --------------------------------------------------------------------------
    def _hints(self, state: str | None, min_population: int | None) -> _Hints:
        return _Hints(None if state is None else self.state_code(state), min_population)

    def _resolve(self, text: str, hints: _Hints, suggest: Suggest) -> str | LookupProblem:
        text = text.strip()
        if not text:
            return LookupProblem(text, tr("Gemeinde fehlt", "municipality is missing"))
        if _KEY_RE.match(text):
            return self._resolve_key(text)
        text, hints = self._state_in_text(text, hints)
        matched = self._match(text)
        found = self._filter(matched, hints)
        if len(found) == 1:
            return found[0]
        if found:
            candidates = tuple(self._candidates(found))
            names = "; ".join(f"{c.name} ({c.district}, AGS {c.ags})" for c in candidates)
            reason = tr(f"'{text}' ist mehrdeutig: {names}", f"'{text}' is ambiguous: {names}")
            return LookupProblem(text, reason, candidates)
        if matched:
            return LookupProblem(
                text,
                tr(
                    f"'{text}' gibt es, aber nicht mit den angegebenen Einschränkungen "
                    "(Land / Mindest-Einwohnerzahl)",
                    f"'{text}' exists, but not with the given restrictions "
                    "(state / minimum population)",
                ),
            )
        return self._unknown(text, suggest)

    def _state_in_text(self, text: str, hints: _Hints) -> tuple[str, _Hints]:
        """ "Neustadt, Hessen": a state's full name after the last comma acts as a state hint."""
        head, comma, tail = text.rpartition(",")
        code = self._state_names.get(fold(tail.strip())) if comma else None
        if code is None or hints.state_code not in (None, code):
            return text, hints
        return head.strip(), _Hints(code, hints.min_population)

    def _resolve_key(self, text: str) -> str | LookupProblem:
        digits = text.replace(" ", "")
        if len(digits) == 7:
            digits = "0" + digits
        elif len(digits) == 12:
            digits = digits[:5] + digits[9:]
        if len(digits) == 8 and digits in self._info:
            return digits
        return LookupProblem(
            text,
            tr(
                f"Kein Gemeindeschlüssel (AGS) '{text}' im Gemeindeverzeichnis",
                f"No municipality key (AGS) '{text}' in the municipality list",
            ),
        )

    def _match(self, text: str) -> list[str]:
        found = self._match_name(text)
        if not found:
            bare = without_designation(text, self._designations)
            if bare and bare != fold(text).strip():
                found = self._match_name(bare)
        return found

    def _match_name(self, text: str) -> list[str]:
        keys = name_keys(text)
        exact, loose, base, spelling = (
            index.get(key) for index, key in zip(self._indexes, keys, strict=True)
        )
        if keys[1] == keys[2]:  # no qualifier: every place with this base is a candidate
            found = list(dict.fromkeys([*exact, *loose, *base]))
        else:
            found = list(exact or loose or base)
        return found or list(spelling)

    def _filter(self, found: list[str], hints: _Hints) -> list[str]:
        if hints.state_code is not None:
            found = [a for a in found if a[:2] == hints.state_code]
        if hints.min_population is not None:
            found = [a for a in found if self._info[a].population >= hints.min_population]
        return found

    def _unknown(self, text: str, suggest: Suggest) -> LookupProblem:
        thorough = suggest == "thorough"
        suggestions = tuple(self.suggest(text, thorough=thorough)) if suggest != "none" else ()
        reason = tr(
            f"Keine Gemeinde '{text}' im Gemeindeverzeichnis",
            f"No municipality '{text}' in the municipality list",
        )
        if suggestions:
            reason += tr(" – meinten Sie: ", " – did you mean: ") + ", ".join(suggestions) + "?"
        return LookupProblem(text, reason, suggestions=suggestions)

    def _candidates(self, found: list[str]) -> list[Candidate]:
        return sorted((self._info[a] for a in found), key=lambda c: (-c.population, c.ags))


@cache
def gazetteer() -> Gazetteer:
    """The gazetteer over the shipped municipality list (built once per process)."""
    return Gazetteer(municipalities(), states())


@cache
def _district_index() -> tuple[dict[str, str], dict[str, list[str]]]:
    """Official district names → code, and short names (up to the comma) → codes."""
    table = districts()
    official = {fold(name): code for code, name in table["name"].items()}
    short: dict[str, list[str]] = defaultdict(list)
    for code, name in table["name"].items():
        short[fold(str(name).split(",")[0])].append(str(code))
    return official, dict(short)


def district_code(text: str) -> str:
    """The 5-digit code of a district (Kreis or kreisfreie Stadt) given by code or name.

    An official name wins ("Kassel" is the Landkreis, "Kassel, documenta-Stadt" the city);
    a short name that fits several districts is refused with the candidates and their codes.
    """
    key = text.strip()
    table = districts()
    if key in table.index:
        return key
    official, short = _district_index()
    found = [official[fold(key)]] if fold(key) in official else short.get(fold(key), [])
    if len(found) == 1:
        return found[0]
    if found:
        names = "; ".join(f"{table.at[c, 'name']} ({table.at[c, 'type']}, {c})" for c in found)
        raise StadtpulsError(
            tr(
                f"'{text}' passt auf mehrere Kreise: {names}. Bitte den Schlüssel angeben.",
                f"'{text}' fits several districts: {names}. Please give the code.",
            )
        )
    close = difflib.get_close_matches(fold(key), list(official), 5, 0.75)
    hint = ", ".join(str(table.at[official[c], "name"]) for c in close)
    raise NotFound(
        tr(
            f"Unbekannter Kreis '{text}'."
            + (f" Meinten Sie: {hint}?" if hint else " Schlüssel (5 Ziffern) oder Name angeben."),
            f"Unknown district '{text}'."
            + (f" Did you mean: {hint}?" if hint else " Give its code (5 digits) or name."),
        )
    )
