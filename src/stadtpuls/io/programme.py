"""The programme in files: whole programme ⇄ YAML, items and statuses ⇄ CSV/XLSX, and
projects with their status from OpenProject's API v3 JSON.

**YAML** is the human-editable form: one section per entity kind in a fixed order, fields in
declaration order, empty fields left out, each item's status history nested under it, long
texts as literal blocks. Writing what was read gives the same bytes (the demo file is kept in
this canonical form).

**Tables** (CSV with ``;`` or ``,``, or the first sheet of an XLSX) have a header row with the
field names of :class:`~stadtpuls.core.programme.model.Item` or
:class:`~stadtpuls.core.programme.model.StatusEntry`; lists are separated by ``;``.

Every reader validates the whole file first and refuses it as a whole with one
:class:`~stadtpuls.errors.InputRejected` listing every problem (file, row or line, field,
reason); nothing is written then.
"""

from __future__ import annotations

import csv
import dataclasses
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import yaml

from stadtpuls.core.dates import DateRange
from stadtpuls.core.programme.integrity import check_programme
from stadtpuls.core.programme.model import (
    COLLECTIONS,
    ENTITY_KINDS,
    Item,
    Light,
    Programme,
    State,
    StatusEntry,
)
from stadtpuls.core.programme.records import RecordError, from_record, to_record
from stadtpuls.core.programme.texts import text_problems
from stadtpuls.core.programme.views import effective_status
from stadtpuls.errors import RowProblem, StadtpulsError
from stadtpuls.i18n import tr
from stadtpuls.io import reading
from stadtpuls.io.cells import neutralise, restore
from stadtpuls.io.dates import configured_range
from stadtpuls.io.rejection import rejected
from stadtpuls.io.yaml_guard import MAX_DIGITS, guard_yaml
from stadtpuls.reference import resolve_city

HEADER_FIELDS = ("key", "name", "city", "vision", "mission", "notes")
_LINE = "__line__"
FIRST_DATA_ROW = 2
ITEM_COLUMNS = tuple(f.name for f in dataclasses.fields(Item))
STATUS_COLUMNS = tuple(f.name for f in dataclasses.fields(StatusEntry))


# -- YAML ---------------------------------------------------------------------------------


# libyaml's parser and emitter when installed (≈10× faster), the pure-Python ones otherwise.
_SafeDumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Dumper(_SafeDumper):
    """Block style, multi-line texts as literal blocks, number lists inline, no anchors."""

    def ignore_aliases(self, data: Any) -> bool:
        return True  # equal dates must not become &id001/*id001 references


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.Node:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_list(dumper: yaml.SafeDumper, value: list) -> yaml.Node:
    numbers = bool(value) and all(isinstance(v, int | float) for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=numbers)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)


class _Loader(_SafeLoader):
    """Remembers the line of every mapping so problems can name it."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> dict:
    """The mapping plus, under ``__line__``, the line of the mapping and of each key."""
    mapping = loader.construct_mapping(node, deep=True)
    lines = {"": node.start_mark.line + 1}
    lines.update({str(k.value): k.start_mark.line + 1 for k, _ in node.value})
    mapping[_LINE] = lines
    return mapping


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    """An impossible date such as 2022-13-01 stays text, so validation can report it."""
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def programme_to_yaml(programme: Programme) -> str:
    """The canonical YAML text of ``programme``."""
    document: dict[str, Any] = {
        "programme": _compact({name: getattr(programme, name) for name in HEADER_FIELDS})
    }
    histories = programme.histories()
    for kind, attribute in COLLECTIONS.items():
        entities = getattr(programme, attribute)
        if entities:
            document[attribute] = [_entity_document(kind, e, histories) for e in entities]
    return yaml.dump(
        document,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=4096,
    )


def _entity_document(
    kind: str, entity: Any, histories: Mapping[str, Sequence[StatusEntry]]
) -> dict[str, Any]:
    document = _compact(to_record(entity))
    if kind == "kpi" and entity.measurements:
        # The plan's file holds the values; ids, authors and the data platform's provenance
        # stay in the store (and its audit log).
        document["measurements"] = [
            _compact(
                {"date": m.date, "value": m.value, "note": m.note}
                | ({"origin": m.origin} if m.origin != "entered" else {})
            )
            for m in entity.measurements
        ]
    if kind == "item":
        history = [_compact(_status_document(e)) for e in histories.get(entity.key, ())]
        if history:
            document["history"] = history
    return document


def _status_document(entry: StatusEntry) -> dict[str, Any]:
    record = to_record(entry)
    record.pop("item")
    if entry.recorded_at is not None:
        record["recorded_at"] = entry.recorded_at.isoformat()
    return record


def _compact(record: Mapping[str, Any]) -> dict[str, Any]:
    """Leave out empty fields; whole-number floats as integers (no ``120.0`` noise)."""
    return {k: _tidy(v) for k, v in record.items() if not _empty(v)}


def _empty(value: Any) -> bool:
    return value is None or value is False or (isinstance(value, str | list | dict) and not value)


def _tidy(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, list):
        return [_compact(v) if isinstance(v, dict) else _tidy(v) for v in value]
    return value


def read_programme_yaml(path: str | Path) -> Programme:
    """Parse and validate a programme YAML file; ``InputRejected`` lists every problem."""
    path = Path(path)
    return parse_programme_yaml(path.read_text(encoding="utf-8"), path.name)


def parse_programme_yaml(text: str, file: str = "programm.yaml") -> Programme:
    guard_yaml(text, file)
    try:
        document = yaml.load(text, Loader=_Loader)  # _Loader is a SafeLoader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else None
        raise rejected(
            file,
            [
                RowProblem(
                    file,
                    line,
                    None,
                    tr(
                        f"kein gültiges YAML: {getattr(error, 'problem', error)}",
                        f"not valid YAML: {getattr(error, 'problem', error)}",
                    ),
                )
            ],
        ) from error
    parser = _YamlParser(file)
    programme = parser.programme(document)
    if parser.problems:
        raise rejected(file, parser.problems)
    return programme


@dataclass
class _YamlParser:
    file: str
    problems: list[RowProblem] = dataclasses.field(default_factory=list)
    dates: DateRange = dataclasses.field(default_factory=configured_range)
    today: date = dataclasses.field(default_factory=date.today)

    def problem(self, line: int | None, field: str | None, reason: str) -> None:
        self.problems.append(RowProblem(self.file, line, field, reason))

    def programme(self, document: Any) -> Programme | None:
        if not isinstance(document, dict) or not isinstance(document.get("programme"), dict):
            self.problem(
                None,
                "programme",
                tr(
                    "Abschnitt 'programme' (Name, Vision …) fehlt", "section 'programme' is missing"
                ),
            )
            return None
        sections = {"programme", _LINE, *COLLECTIONS.values()}
        for name in document:
            if name not in sections:
                self.problem(None, name, tr("unbekannter Abschnitt", "unknown section"))
        header = self.header(document["programme"])
        lines: dict[tuple[str, str], dict[str, int]] = {}
        collections, statuses = {}, []
        for kind, attribute in COLLECTIONS.items():
            entities = []
            for raw in self.section(document, attribute):
                entity = self.entity(ENTITY_KINDS[kind], raw, attribute)
                if kind == "item":
                    statuses += self.history(str(raw.get("key")), raw.get("history"), raw[_LINE])
                if entity is not None:
                    lines.setdefault((kind, entity.key), raw[_LINE])
                    entities.append(entity)
            collections[attribute] = tuple(entities)
        if header is None or self.problems:
            return None
        programme = Programme(**header, statuses=tuple(statuses), **collections)
        self.problems += inconsistencies(programme, self.file, lines)
        return programme

    def header(self, raw: dict) -> dict[str, Any] | None:
        lines = raw.pop(_LINE)
        for name in raw:
            if name not in HEADER_FIELDS:
                self.problem(
                    lines[name], f"programme.{name}", tr("unbekanntes Feld", "unknown field")
                )
        missing = [n for n in ("key", "name") if not raw.get(n)]
        for name in missing:
            self.problem(lines[""], f"programme.{name}", tr("Pflichtfeld fehlt", "required"))
        if missing:
            return None
        header = {
            name: str(raw[name]) if raw.get(name) is not None else None for name in HEADER_FIELDS
        }
        if raw.get("city") is not None:
            header["city"] = self.city(raw["city"], lines.get("city"))
        return header

    def city(self, value: object, line: int | None) -> str | None:
        """The programme's city as its AGS (given by name or AGS; an unquoted AGS in YAML is
        a number that lost its leading zero)."""
        text = str(value).zfill(8) if isinstance(value, int) else str(value)
        try:
            return resolve_city(text).ags
        except StadtpulsError as error:
            self.problem(line, "programme.city", str(error))
            return None

    def section(self, document: dict, attribute: str) -> list[dict]:
        raw = document.get(attribute) or []
        if not isinstance(raw, list) or not all(isinstance(e, dict) for e in raw):
            self.problem(
                None, attribute, tr("Liste von Einträgen erwartet", "list of entries expected")
            )
            return []
        return raw

    def entity(
        self, cls: type, raw: dict, where: str, extra: Mapping[str, Any] | None = None
    ) -> Any:
        lines = raw[_LINE]
        record = {k: _strip_lines(v) for k, v in raw.items() if k not in (_LINE, "history")}
        try:
            entity = from_record(cls, {**record, **(extra or {})})
        except RecordError as error:
            entity, problems = None, error.problems
        else:
            problems = self.dates.problems(entity, self.today)
        for field, reason in problems:
            self.problem(
                lines.get((field or "").split("[")[0], lines[""]),
                f"{where}.{field}" if field else where,
                reason,
            )
        return None if problems else entity

    def history(self, item_key: str, raw: Any, lines: dict[str, int]) -> list[StatusEntry]:
        if raw is None:
            return []
        if not isinstance(raw, list) or not all(isinstance(e, dict) for e in raw):
            self.problem(
                lines.get("history"),
                "items.history",
                tr("Liste von Einträgen erwartet", "list of entries expected"),
            )
            return []
        entries = [self.entity(StatusEntry, e, "items.history", {"item": item_key}) for e in raw]
        return [e for e in entries if e is not None]


def _strip_lines(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _strip_lines(v) for k, v in value.items() if k != _LINE}
    if isinstance(value, list):
        return [_strip_lines(v) for v in value]
    return value


def inconsistencies(
    programme: Programme, file: str, lines: Mapping[tuple[str, str], Mapping[str, int]]
) -> list[RowProblem]:
    """Duplicate keys and dangling references as problems at their line or row.

    ``lines`` maps ``(kind, key)`` to the lines of the entity's fields (``""``: the entity).
    """
    problems = []
    for p in check_programme(programme):
        where = lines.get((p.kind if p.kind != "status" else "item", p.key), {})
        problems.append(
            RowProblem(
                file,
                where.get(p.field or "", where.get("")),
                f"{p.kind} '{p.key}' → {p.field}",
                p.reason,
            )
        )
    return problems


# -- tables -------------------------------------------------------------------------------

_ALIASES = {
    "schluessel": "key",
    "schlüssel": "key",
    "titel": "title",
    "art": "kind",
    "kategorie": "category",
    "beschreibung": "description",
    "federfuehrung": "lead_organisation",
    "federführung": "lead_organisation",
    "rolle": "lead_role",
    "partner": "partners",
    "ziele": "goals",
    "jahre": "planned_years",
    "phase": "phase",
    "eintrag": "item",
    "projekt": "item",
    "stichtag": "reporting_date",
    "status": "state",
    "ampel": "light",
    "kommentar": "comment",
    "autor": "author",
    "illustrativ": "illustrative",
    "öffentlich": "public",
    "oeffentlich": "public",
}


def read_table(path: str | Path) -> list[dict[str, Any]]:
    """Rows of a CSV or XLSX file as dicts keyed by (canonical) column name, empty cells as
    ``""`` (:func:`stadtpuls.io.reading.read_table`).

    ``_row`` holds each row's spreadsheet number; empty rows are skipped.
    """
    path = Path(path)
    frame = reading.read_table(path, cells=object)
    if not len(frame.columns):
        raise rejected(
            path.name,
            [RowProblem(path.name, 1, None, tr("die Datei ist leer", "the file is empty"))],
        )
    header = [_canonical(restore(h)) for h in frame.columns]
    frame = frame.astype(object).where(frame.notna(), "")
    return [
        {"_row": int(number), **dict(zip(header, map(restore, values), strict=True))}
        for number, values in zip(frame.index, frame.itertuples(index=False), strict=True)
    ]


def _canonical(name: Any) -> str:
    text = str(name).strip().lower()
    return _ALIASES.get(text, text)


def _check_columns(
    file: str, rows: list[dict], allowed: Sequence[str], required: Sequence[str]
) -> list[RowProblem]:
    columns = {c for row in rows for c in row if c != "_row"}
    problems = [
        RowProblem(file, 1, c, tr("unbekannte Spalte", "unknown column"))
        for c in sorted(columns - set(allowed))
    ]
    problems += [
        RowProblem(file, 1, c, tr("Spalte fehlt", "column missing"))
        for c in required
        if c not in columns
    ]
    return problems


def _parse_rows(
    file: str, rows: list[dict], cls: type, problems: list[RowProblem]
) -> list[tuple[int, Any]]:
    parsed = []
    dates, today = configured_range(), date.today()
    for row in rows:
        record = {k: v for k, v in row.items() if k != "_row"}
        try:
            entity = from_record(cls, record, partial_ok=True)
        except RecordError as error:
            problems += [RowProblem(file, row["_row"], f, r) for f, r in error.problems]
            continue
        bad = [*dates.problems(entity, today), *text_problems(entity)]
        problems += [RowProblem(file, row["_row"], f, r) for f, r in bad]
        if not bad:
            parsed.append((row["_row"], entity))
    return parsed


def read_items(path: str | Path, programme: Programme) -> list[Item]:
    """Validated items of a table, checked against ``programme`` (categories, goals …).

    For an item that exists already, columns the table does not have keep their values;
    an empty cell clears the field.
    """
    file = Path(path).name
    rows = read_table(path)
    problems = _check_columns(file, rows, ITEM_COLUMNS, ("key", "title"))
    existing = {item.key: to_record(item) for item in programme.items}
    rows = [{**existing.get(str(row.get("key", "")).strip(), {}), **row} for row in rows]
    parsed = _parse_rows(file, rows, Item, problems) if not problems else []
    incoming = {item.key: item for _, item in parsed}
    merged = tuple(incoming.pop(i.key, i) for i in programme.items) + tuple(incoming.values())
    lines = {("item", item.key): {"": row} for row, item in reversed(parsed)}
    problems += [
        p
        for p in inconsistencies(dataclasses.replace(programme, items=merged), file, lines)
        if p.row is not None
    ]
    if problems:
        raise rejected(file, sorted(problems, key=lambda p: p.row or 0))
    return [item for _, item in parsed]


def read_statuses(path: str | Path, programme: Programme) -> list[StatusEntry]:
    """Validated status entries of a table; every ``item`` must exist in ``programme``."""
    file = Path(path).name
    rows = read_table(path)
    problems = _check_columns(file, rows, STATUS_COLUMNS, ("item", "reporting_date", "state"))
    parsed = _parse_rows(file, rows, StatusEntry, problems) if not problems else []
    known = {item.key for item in programme.items}
    problems += [
        RowProblem(file, row, "item", tr(f"'{e.item}' ist nicht bekannt", f"'{e.item}' is unknown"))
        for row, e in parsed
        if e.item not in known
    ]
    if problems:
        raise rejected(file, sorted(problems, key=lambda p: p.row or 0))
    return [entry for _, entry in parsed]


def write_table(path: str | Path, columns: Sequence[str], records: Iterable[Mapping]) -> None:
    """Write records as CSV (``;``, UTF-8 with BOM for Excel) or XLSX, by the suffix; text
    cells neutralised (:mod:`stadtpuls.io.cells`), which :func:`read_table` undoes."""
    path = Path(path)
    rows = [[_cell(record.get(c)) for c in columns] for record in records]
    if path.suffix.lower() == ".xlsx":
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(list(columns))
        for row in rows:
            sheet.append(row)
        book.save(path)
        return
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(columns)
        writer.writerows(rows)


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return neutralise("; ".join(str(v) for v in value))
    if isinstance(value, date | datetime):
        return value.isoformat()
    if value is None:
        return ""
    return neutralise(value)


def item_records(programme: Programme) -> list[dict[str, Any]]:
    return [to_record(item) for item in programme.items]


def status_records(programme: Programme) -> list[dict[str, Any]]:
    return [to_record(entry) for entry in programme.statuses]


# -- OpenProject --------------------------------------------------------------------------

#: OpenProject's project status ids (``/api/v3/project_statuses/<id>``) → state and light.
OPENPROJECT_STATUS: dict[str, tuple[State, Light | None]] = {
    "not_started": (State.PLANNED, None),
    "on_track": (State.RUNNING, Light.ON_TRACK),
    "at_risk": (State.RUNNING, Light.AT_RISK),
    "off_track": (State.RUNNING, Light.OFF_TRACK),
    "finished": (State.DONE, None),
    "discontinued": (State.CANCELLED, None),
}


@dataclass(frozen=True)
class OpenProjectImport:
    """Items to create or update and the status entries that differ from those in force."""

    items: tuple[Item, ...]
    statuses: tuple[StatusEntry, ...]


def read_openproject(
    path: str | Path, programme: Programme, reporting_date: date, *, category: str | None = None
) -> OpenProjectImport:
    """Projects of an API v3 response (``/api/v3/projects`` or one project) as items.

    The project's ``identifier`` becomes the item key, its name the title. Its ``public``
    flag (a project visible to anyone in OpenProject) becomes the flag of a new item; an
    existing item can only be made internal by it, never public again (that would publish
    its comments); an existing item keeps everything else people entered here. The status
    (``_links.status``) and its explanation (``statusExplanation.raw``) become a status
    entry for ``reporting_date`` unless exactly that status is already in force. An
    archived project (``active: false``) that is not finished or discontinued counts as
    paused. Other OpenProject resources (programs, portfolios, work packages, users) are
    recognised and named; files with a UTF-8 BOM (PowerShell) are read.
    """
    path = Path(path)
    file = path.name
    bad_day = configured_range().reported_problem(reporting_date, date.today())
    if bad_day:
        raise rejected(file, [RowProblem(file, None, "reporting_date", bad_day)])
    try:
        document = json.loads(path.read_text(encoding="utf-8-sig"), parse_int=_json_integer)
    except (UnicodeDecodeError, ValueError, RecursionError) as error:  # JSONDecodeError too
        raise rejected(
            file,
            [
                RowProblem(
                    file, None, None, tr(f"kein gültiges JSON: {error}", f"not valid JSON: {error}")
                )
            ],
        ) from error
    elements = _hal_elements(file, document)
    problems: list[RowProblem] = []
    if category is not None and category not in {c.key for c in programme.categories}:
        problems.append(
            RowProblem(
                file,
                None,
                "category",
                tr(f"Kategorie '{category}' ist nicht bekannt", f"unknown category '{category}'"),
            )
        )
    existing = {item.key: item for item in programme.items}
    items, statuses = [], []
    first_seen: dict[str, str] = {}
    for number, element in enumerate(elements):
        where = f"_embedded.elements[{number}]"
        parsed = _openproject_project(file, where, element, problems)
        if parsed is None:
            continue
        key, title, description, public, status = parsed
        if key in first_seen:
            problems.append(
                RowProblem(
                    file,
                    None,
                    f"{where}.identifier",
                    tr(
                        f"Kennung '{key}' kommt schon in {first_seen[key]} vor",
                        f"identifier '{key}' already occurs in {first_seen[key]}",
                    ),
                )
            )
            continue
        first_seen[key] = where
        item = _openproject_item(existing.get(key), key, title, description, public, category)
        if item != existing.get(key):
            items.append(item)
        if status is not None:
            entry = StatusEntry(
                item=key,
                reporting_date=reporting_date,
                state=status[0],
                light=status[1],
                comment=status[2],
                author="OpenProject",
            )
            if not _in_force(programme, entry):
                statuses.append(entry)
    if problems:
        raise rejected(file, problems)
    return OpenProjectImport(tuple(items), tuple(statuses))


def _json_integer(text: str) -> int:
    """An integer of the JSON text, refused beyond :data:`~stadtpuls.io.yaml_guard.MAX_DIGITS`
    digits (Python refuses more than 4,300 with a ValueError of its own)."""
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise ValueError(
            tr(
                f"eine Zahl mit mehr als {MAX_DIGITS} Stellen",
                f"a number of more than {MAX_DIGITS} digits",
            )
        )
    return int(text)


def _openproject_item(
    existing: Item | None,
    key: str,
    title: str,
    description: str | None,
    public: bool | None,
    category: str | None,
) -> Item:
    if existing is None:
        return Item(
            key=key, title=title, category=category, description=description, public=bool(public)
        )
    return dataclasses.replace(
        existing,
        title=title,
        description=description or existing.description,
        public=existing.public and public is not False,
    )


#: OpenProject resources that are not projects, by ``_type`` and by collection path.
_OTHER_RESOURCES = {
    "Program": ("ein Programm", "a program"),
    "Portfolio": ("ein Portfolio", "a portfolio"),
    "WorkPackage": ("ein Arbeitspaket", "a work package"),
    "User": ("ein Benutzer", "a user"),
}
_OTHER_COLLECTIONS = {
    "programs": ("eine Liste von Programmen", "a list of programs"),
    "portfolios": ("eine Liste von Portfolios", "a list of portfolios"),
    "work_packages": ("eine Liste von Arbeitspaketen", "a list of work packages"),
    "users": ("eine Liste von Benutzern", "a list of users"),
}
_COLLECTION_OF = {
    "Program": "programs",
    "Portfolio": "portfolios",
    "WorkPackage": "work_packages",
    "User": "users",
}


def _hal_elements(file: str, document: Any) -> list:
    """The project elements of ``document``; anything else is refused, named if known."""
    kind = document.get("_type") if isinstance(document, dict) else None
    if kind == "Project":
        return [document]
    elements = (
        (document.get("_embedded") or {}).get("elements")
        if isinstance(document, dict) and isinstance(document.get("_embedded"), dict)
        else None
    )
    what = _OTHER_RESOURCES.get(kind) if isinstance(kind, str) else None
    if kind == "Collection" and isinstance(elements, list):
        what = _OTHER_COLLECTIONS.get(_collection_name(document, elements) or "")
        if what is None:
            return elements
    if what is not None:
        reason = tr(
            f"Das ist {what[0]} aus OpenProject, keine Projekte: bitte die Projekte "
            "exportieren (/api/v3/projects oder /api/v3/projects/ID)",
            f"This is {what[1]} from OpenProject, not projects: please export the "
            "projects (/api/v3/projects or /api/v3/projects/ID)",
        )
    else:
        reason = tr(
            "weder eine Projektliste noch ein Projekt aus OpenProject (_type "
            "Collection oder Project; Export von /api/v3/projects)",
            "neither a project collection nor a project from OpenProject (_type "
            "Collection or Project; export of /api/v3/projects)",
        )
    raise rejected(file, [RowProblem(file, None, "_type", reason)])


def _collection_name(document: dict, elements: list) -> str | None:
    """``programs``, ``work_packages`` … from the collection's own link or its elements."""
    for element in elements:
        kind = element.get("_type") if isinstance(element, dict) else None
        if isinstance(kind, str) and kind in _COLLECTION_OF:
            return _COLLECTION_OF[kind]
    links = document.get("_links")
    own = links.get("self") if isinstance(links, dict) else None
    href = own.get("href") if isinstance(own, dict) else None
    if not isinstance(href, str):
        return None
    segments = href.split("?", 1)[0].rstrip("/").split("/")
    return next((s for s in reversed(segments) if s in _OTHER_COLLECTIONS), None)


def _openproject_project(file: str, where: str, element: Any, problems: list[RowProblem]):
    if not isinstance(element, dict):
        problems.append(RowProblem(file, None, where, tr("Projekt erwartet", "project expected")))
        return None
    missing = [f for f in ("identifier", "name") if not _scalar_text(element.get(f))]
    problems += [
        RowProblem(file, None, f"{where}.{f}", tr("Pflichtfeld fehlt", "required")) for f in missing
    ]
    status_id, reason = _status_id(element.get("_links"))
    if reason is None and status_id is not None and status_id not in OPENPROJECT_STATUS:
        reason = tr(
            f"unbekannter Projektstatus '{status_id}'", f"unknown project status '{status_id}'"
        )
    if reason is not None:
        problems.append(RowProblem(file, None, f"{where}._links.status", reason))
        return None
    public = element.get("public")
    if public is not None and not isinstance(public, bool):
        problems.append(
            RowProblem(
                file,
                None,
                f"{where}.public",
                tr(
                    f"true oder false erwartet, nicht {public!r}",
                    f"true or false expected, not {public!r}",
                ),
            )
        )
        return None
    if missing:
        return None
    description = _formattable(element.get("description"))
    status = None
    if status_id is not None:
        state, light = OPENPROJECT_STATUS[status_id]
        if element.get("active") is False and state not in (State.DONE, State.CANCELLED):
            state = State.PAUSED
        status = (state, light, _formattable(element.get("statusExplanation")))
    return (
        _scalar_text(element["identifier"]),
        _scalar_text(element["name"]),
        description,
        public,
        status,
    )


def _scalar_text(value: Any) -> str:
    """A text or number as stripped text; anything else (lists, objects) as empty."""
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return ""
    return str(value).strip()


def _status_id(links: Any) -> tuple[str | None, str | None]:
    """(status id, None) from ``_links.status.href``, or (None, why it cannot be read)."""
    if links is None:
        return None, None
    if not isinstance(links, dict):
        return None, tr("Links {…} erwartet", "links {…} expected")
    status = links.get("status")
    if status is None:
        return None, None
    if not isinstance(status, dict):
        return None, tr(
            'ein Link {"href": …} erwartet, keine Liste'
            if isinstance(status, list)
            else 'ein Link {"href": …} erwartet',
            'a link {"href": …} expected, not a list'
            if isinstance(status, list)
            else 'a link {"href": …} expected',
        )
    href = status.get("href")
    if href is None or href == "":
        return None, None
    return str(href).rstrip("/").rsplit("/", 1)[-1], None


def _formattable(value: Any) -> str | None:
    """The ``raw`` text of an API v3 Formattable (``{format, raw, html}``)."""
    text = (value or {}).get("raw") if isinstance(value, dict) else None
    return text.strip() or None if isinstance(text, str) else None


def _in_force(programme: Programme, entry: StatusEntry) -> bool:
    current = effective_status(programme.history(entry.item), entry.reporting_date)
    return current is not None and (current.state, current.light, current.comment) == (
        entry.state,
        entry.light,
        entry.comment,
    )
