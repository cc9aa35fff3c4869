"""Indicator frameworks as files: our YAML format, COINr ``iMeta`` tables, and the presets.

The YAML format (documented with a full example in ``docs/frameworks.md``) nests the tree:
framework fields at the top, the root node under ``index``, each node's sub-nodes under
``children``. Reading checks the YAML itself (unknown keys, wrong types, bad enum values) and
then the tree (:meth:`Framework.problems`); every problem is reported at once, with the file,
the line, the node and what is wrong, as one :class:`~stadtpuls.errors.InputRejected`.

``dump_framework`` writes the same format; ``parse_framework(dump_framework(f)) == f`` holds
for every framework whose nodes are listed in tree order (each node before its children,
siblings in order), which is how every YAML framework is read.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from stadtpuls.core.evidence.rules import EvidenceRule
from stadtpuls.core.evidence.states import STATES
from stadtpuls.core.evidence.text import normalise
from stadtpuls.core.ranking.framework import Framework, Node, Scoring, ValueType
from stadtpuls.errors import NotFound, RowProblem
from stadtpuls.i18n import tr
from stadtpuls.io.rejection import rejected
from stadtpuls.io.yaml_guard import guard_yaml

PRESETS = ("bitkom_sci", "haselhorst", "template")
# The presets are shipped reference data, found here from the top package: importing the
# ``stadtpuls.reference`` package would load pandas and numpy for its municipality tables,
# which listing or showing a framework does not need.
PRESET_FILES = files("stadtpuls") / "reference" / "data" / "frameworks"

FRAMEWORK_KEYS = (
    "code",
    "name",
    "name_en",
    "scoring",
    "min_coverage",
    "source",
    "source_en",
    "description",
    "description_en",
    "index",
)
NODE_KEYS = (
    "code",
    "name",
    "name_en",
    "weight",
    "direction",
    "value_type",
    "unit",
    "scale",
    "target",
    "goalposts",
    "denominator",
    "evidence",
    "description",
    "children",
)
_LEAF_ONLY = ("value_type", "scale", "target", "goalposts", "denominator")
_TEXT_NODE_KEYS = ("name", "name_en", "unit", "denominator", "description")
# The keys of an ``evidence:`` block; every one but description is a list of texts.
EVIDENCE_KEYS = (
    "description",
    "phrases",
    "synonyms",
    "context",
    "link_anchors",
    "link_targets",
    "exclude",
    "states",
    "planned_counts",
)
_EVIDENCE_LISTS = EVIDENCE_KEYS[1:-2]
_LINE = object()  # key under which the loader records a mapping's line number


_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):
    """A safe loader that remembers the line (1-based) where each mapping starts and collects
    keys written twice in one mapping (plain YAML would silently keep the last one).

    Parsed by libyaml, as the programme and pipeline files are: ten times faster than PyYAML's
    Python parser (``stadtpuls framework list`` reads every preset)."""

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.repeated: list[tuple[int, str]] = []

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[object] = set()
        for key_node, _ in node.value:
            key = getattr(key_node, "value", None)
            if isinstance(key, str) and key in seen:
                self.repeated.append((key_node.start_mark.line + 1, key))
            seen.add(key)
        mapping = super().construct_mapping(node, deep=deep)
        mapping[_LINE] = node.start_mark.line + 1
        return mapping


def _read_yaml(text: str) -> tuple[object, list[tuple[int, str]]]:
    """The parsed document and the (line, key) pairs written twice."""
    loader = _LineLoader(text)
    try:
        return loader.get_single_data(), loader.repeated
    finally:
        loader.dispose()


@dataclass
class _Reader:
    """Turns the parsed YAML into a :class:`Framework`, collecting every problem."""

    file: str
    problems: list[RowProblem] = field(default_factory=list)
    lines: dict[str, int] = field(default_factory=dict)

    def problem(
        self, line: int | None, key: str | None, where: str | None, de: str, en: str
    ) -> None:
        """Record a problem; ``de``/``en`` is the reason in German and English."""
        reason = tr(de, en)
        text = f"{tr('Knoten', 'node')} '{where}': {reason}" if where else reason
        self.problems.append(RowProblem(self.file, line, key, text))

    # -- framework --------------------------------------------------------------------------
    def framework(self, data: object) -> Framework | None:
        if not isinstance(data, dict):
            self.problem(
                None,
                None,
                None,
                "die Datei muss ein YAML-Objekt mit den Schlüsseln code, name, index enthalten",
                "the file must hold a YAML mapping with the keys code, name, index",
            )
            return None
        line = data.get(_LINE)
        self._unknown_keys(data, FRAMEWORK_KEYS, line, None)
        code = self._text(data, "code", line, None, required=True)
        name = self._text(data, "name", line, None, required=True)
        scoring = self._enum(data, "scoring", Scoring, line, None)
        coverage = self._number(data, "min_coverage", line, None)
        if coverage is not None and not 0 <= coverage <= 1:
            self.problem(
                line,
                "min_coverage",
                None,
                f"min_coverage muss zwischen 0 und 1 liegen, ist {coverage}",
                f"min_coverage must lie between 0 and 1, is {coverage}",
            )
        index = data.get("index")
        nodes: list[Node] = []
        if not isinstance(index, dict):
            self.problem(
                line,
                "index",
                None,
                "'index' (der Wurzelknoten mit seinen children) fehlt oder ist kein Objekt",
                "'index' (the root node with its children) is missing or not a mapping",
            )
        else:
            nodes = list(self._nodes(index, None, "index"))
        texts = {
            k: self._text(data, k, line, None)
            for k in ("name_en", "description", "description_en", "source", "source_en")
        }
        if self.problems:
            return None
        return Framework(
            code=code,  # type: ignore[arg-type]
            name=name,  # type: ignore[arg-type]
            nodes=tuple(nodes),
            scoring=scoring or Scoring.RELATIVE,
            min_coverage=0.5 if coverage is None else coverage,
            **texts,  # type: ignore[arg-type]
        )

    # -- nodes ------------------------------------------------------------------------------
    def _nodes(self, data: dict[Any, Any], parent: str | None, path: str) -> Iterator[Node]:
        line = data.get(_LINE)
        code = self._text(data, "code", line, path, required=True)
        where = code or path
        if code:
            self.lines.setdefault(code, line)
        self._unknown_keys(data, NODE_KEYS, line, where)
        children = data.get("children")
        if children is not None and not (isinstance(children, list) and children):
            self.problem(
                line,
                "children",
                where,
                "children muss eine nicht leere Liste von Knoten sein",
                "children must be a non-empty list of nodes",
            )
            children = None
        if children:
            for key in _LEAF_ONLY:
                if key in data:
                    self.problem(
                        line,
                        key,
                        where,
                        f"'{key}' gilt nur für Indikatoren ohne Unterknoten (Blätter)",
                        f"'{key}' applies only to nodes without children (leaves)",
                    )
        elif parent is not None and "value_type" not in data:
            self.problem(
                line,
                "value_type",
                where,
                "ein Indikator ohne Unterknoten braucht einen value_type",
                "a node without children needs a value_type",
            )
        yield self._node(data, code or "", parent, line, where)
        for i, child in enumerate(children or []):
            child_path = f"{where}/children[{i + 1}]"
            if isinstance(child, dict):
                yield from self._nodes(child, code, child_path)
            else:
                self.problem(
                    line,
                    "children",
                    child_path,
                    "jeder Eintrag unter children muss ein Knoten (Objekt) sein",
                    "every entry under children must be a node (mapping)",
                )

    def _node(
        self, data: dict[Any, Any], code: str, parent: str | None, line: int | None, where: str
    ) -> Node:
        texts = {k: self._text(data, k, line, where, required=k == "name") for k in _TEXT_NODE_KEYS}
        weight = self._number(data, "weight", line, where)
        direction = data.get("direction", 1)
        if direction not in (1, -1) or isinstance(direction, bool):
            self.problem(
                line,
                "direction",
                where,
                f"direction muss 1 (mehr ist besser) oder -1 (weniger ist besser) sein, "
                f"ist {direction!r}",
                f"direction must be 1 (more is better) or -1 (less is better), is {direction!r}",
            )
            direction = 1
        scale = self._pair(data, "scale", line, where)
        goalposts = self._pair(data, "goalposts", line, where)
        evidence, rule = self._evidence(data, line, where)
        return Node(
            code=code,
            parent=parent,
            weight=1.0 if weight is None else weight,
            direction=int(direction),
            value_type=self._enum(data, "value_type", ValueType, line, where),
            scale_min=scale[0],
            scale_max=scale[1],
            target=self._number(data, "target", line, where),
            goalpost_low=goalposts[0],
            goalpost_high=goalposts[1],
            evidence=evidence,
            evidence_rule=rule,
            **texts,  # type: ignore[arg-type]
        )

    def _evidence(
        self, data: dict[Any, Any], line: int | None, where: str
    ) -> tuple[str | None, EvidenceRule | None]:
        """``evidence:`` as text (what counts, for people) or as a block with matching rules."""
        block = data.get("evidence")
        if not isinstance(block, dict):
            return self._text(data, "evidence", line, where), None
        line = block.get(_LINE, line)
        for key in block:
            if key is not _LINE and key not in EVIDENCE_KEYS:
                self.problem(
                    line,
                    f"evidence.{key}",
                    where,
                    f"unbekannter Schlüssel '{key}' im evidence-Block "
                    f"(erlaubt: {', '.join(EVIDENCE_KEYS)})",
                    f"unknown key '{key}' in the evidence block "
                    f"(allowed: {', '.join(EVIDENCE_KEYS)})",
                )
        description = self._text(block, "description", line, where)
        lists = {key: self._phrases(block, key, line, where) for key in _EVIDENCE_LISTS}
        planned = block.get("planned_counts", False)
        if not isinstance(planned, bool):
            self.problem(
                line,
                "evidence.planned_counts",
                where,
                f"'evidence.planned_counts' muss true oder false sein, ist {planned!r}",
                f"'evidence.planned_counts' must be true or false, is {planned!r}",
            )
            planned = False
        states = self._states(block, line, where)
        return description, EvidenceRule(**lists, planned_counts=planned, states=states)

    def _states(self, block: dict[Any, Any], line: int | None, where: str) -> tuple[str, ...]:
        """``states:`` which states of a finding count (default: only in operation)."""
        value = block.get("states")
        if value is None:
            return ()
        allowed = ", ".join(STATES)
        if not isinstance(value, list) or not value or not set(value) <= set(STATES):
            self.problem(
                line,
                "evidence.states",
                where,
                f"'evidence.states' muss eine Liste aus {allowed} sein, ist {value!r}",
                f"'evidence.states' must be a list of {allowed}, is {value!r}",
            )
            return ()
        return tuple(value)

    def _phrases(
        self, block: dict[Any, Any], key: str, line: int | None, where: str
    ) -> tuple[str, ...]:
        value = block.get(key)
        if value is None:
            return ()
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            self.problem(
                line,
                f"evidence.{key}",
                where,
                f"'evidence.{key}' muss eine Liste von Texten sein, ist {value!r}",
                f"'evidence.{key}' must be a list of texts, is {value!r}",
            )
            return ()
        for text in value:
            if not normalise(text.replace("*", "")).strip():
                self.problem(
                    line,
                    f"evidence.{key}",
                    where,
                    f"'{text}' in evidence.{key} enthält keine Buchstaben oder Ziffern",
                    f"'{text}' in evidence.{key} holds no letters or digits",
                )
        return tuple(value)

    # -- typed fields -----------------------------------------------------------------------
    def _unknown_keys(
        self, data: dict[Any, Any], allowed: tuple[str, ...], line: int | None, where: str | None
    ) -> None:
        for key in data:
            if key is not _LINE and key not in allowed:
                self.problem(
                    line,
                    str(key),
                    where,
                    f"unbekannter Schlüssel '{key}' (erlaubt: {', '.join(allowed)})",
                    f"unknown key '{key}' (allowed: {', '.join(allowed)})",
                )

    def _text(
        self,
        data: dict[Any, Any],
        key: str,
        line: int | None,
        where: str | None,
        required: bool = False,
    ) -> str | None:
        value = data.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(line, key, where, f"'{key}' fehlt", f"'{key}' is missing")
            return None
        if not isinstance(value, str):
            self.problem(
                line,
                key,
                where,
                f"'{key}' muss Text sein, ist {value!r} (Zahlen in Anführungszeichen setzen)",
                f"'{key}' must be text, is {value!r} (put numbers in quotes)",
            )
            return None
        return value

    def _number(
        self, data: dict[Any, Any], key: str, line: int | None, where: str | None
    ) -> float | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            self.problem(
                line,
                key,
                where,
                f"'{key}' muss eine Zahl sein, ist {value!r}",
                f"'{key}' must be a number, is {value!r}",
            )
            return None
        return float(value)

    def _pair(
        self, data: dict[Any, Any], key: str, line: int | None, where: str
    ) -> tuple[float | None, float | None]:
        value = data.get(key)
        if value is None:
            return None, None
        if (
            isinstance(value, list)
            and len(value) == 2
            and all(isinstance(v, int | float) and not isinstance(v, bool) for v in value)
        ):
            return float(value[0]), float(value[1])
        self.problem(
            line,
            key,
            where,
            f"'{key}' muss eine Liste aus zwei Zahlen sein, z. B. [0, 100]; ist {value!r}",
            f"'{key}' must be a list of two numbers, e.g. [0, 100]; is {value!r}",
        )
        return None, None

    def _enum(
        self,
        data: dict[Any, Any],
        key: str,
        enum: type[Scoring] | type[ValueType],
        line: int | None,
        where: str | None,
    ) -> Any:
        value = data.get(key)
        if value is None:
            return None
        allowed = [m.value for m in enum]
        if value not in allowed:
            self.problem(
                line,
                key,
                where,
                f"'{key}' muss einer von {', '.join(allowed)} sein, ist {value!r}",
                f"'{key}' must be one of {', '.join(allowed)}, is {value!r}",
            )
            return None
        return enum(value)


# -- reading ------------------------------------------------------------------------------
def parse_framework(text: str, file: str = "<text>") -> Framework:
    """A framework from YAML ``text``; ``file`` names the source in error messages."""
    guard_yaml(text, file)
    try:
        data, repeated = _read_yaml(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = tr("kein gültiges YAML: ", "not valid YAML: ") + str(
            getattr(error, "problem", None) or error
        )
        raise rejected(file, [RowProblem(file, line, None, reason)]) from None
    reader = _Reader(file)
    for line, key in repeated:
        reader.problem(line, key, None, f"'{key}' steht doppelt", f"'{key}' appears twice")
    framework = reader.framework(data)
    if framework is None:
        raise rejected(file, reader.problems)
    tree_problems = [
        RowProblem(
            file,
            reader.lines.get(p.node) if p.node else None,
            None,
            f"{tr('Knoten', 'node')} '{p.node}': {p.problem}" if p.node else p.problem,
        )
        for p in framework.problems()
    ]
    if tree_problems:
        raise rejected(file, tree_problems)
    return framework


def load_framework(path: str | Path) -> Framework:
    """A framework from a file: ``.yaml``/``.yml`` (our format) or ``.csv``/``.xlsx`` (COINr
    ``iMeta``). Raises :class:`InputRejected` naming the file, node and problem."""
    path = Path(path)
    if not path.is_file():
        raise NotFound(tr(f"Datei '{path}' nicht gefunden", f"File '{path}' not found"))
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return parse_framework(path.read_text(encoding="utf-8"), str(path))
    if suffix in (".csv", ".xlsx"):
        from stadtpuls.io.coinr import read_imeta

        return read_imeta(path)
    raise rejected(
        str(path),
        [
            RowProblem(
                str(path),
                None,
                None,
                tr(
                    f"unbekanntes Dateiformat '{suffix}': erwartet .yaml, .yml (Stadtpuls) oder "
                    ".csv, .xlsx (COINr iMeta)",
                    f"unknown file format '{suffix}': expected .yaml, .yml (Stadtpuls) or "
                    ".csv, .xlsx (COINr iMeta)",
                ),
            )
        ],
    )


@cache
def preset(code: str) -> Framework:
    """A shipped framework: one of :data:`PRESETS`."""
    if code not in PRESETS:
        raise NotFound(
            tr(
                f"Kein mitgeliefertes Indikatorenmodell '{code}'. Vorhanden: {', '.join(PRESETS)}",
                f"No shipped framework '{code}'. Available: {', '.join(PRESETS)}",
            )
        )
    text = PRESET_FILES.joinpath(f"{code}.yaml").read_text(encoding="utf-8")
    return parse_framework(text, f"{code}.yaml")


def preset_text(code: str) -> str:
    """The shipped YAML of a preset, with its comments (for "export" of a preset)."""
    preset(code)  # validates the code
    return PRESET_FILES.joinpath(f"{code}.yaml").read_text(encoding="utf-8")


# -- writing ------------------------------------------------------------------------------
class _Flow(list):  # type: ignore[type-arg]
    """A list written in flow style: ``scale: [0, 4]``."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> Any:
        return super().increase_indent(flow, False)  # indent list items under their key


_YAML_BREAKS = ("\r", "\x85", "\u2028", "\u2029")  # read back as "\n" or a space if unquoted


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    """Multi-line text as a literal block; text with other line breaks double-quoted (escaped),
    so that it reads back unchanged. The emitter still quotes where a block is impossible."""
    if any(b in value for b in _YAML_BREAKS):
        style: str | None = '"'
    else:
        style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(
    _Flow, lambda d, v: d.represent_sequence("tag:yaml.org,2002:seq", v, flow_style=True)
)


def _plain(value: float) -> float | int:
    """2.0 → 2 for a tidier file; reading turns numbers back into floats."""
    return int(value) if float(value).is_integer() else value


def _node_dict(framework: Framework, node: Node) -> dict[str, Any]:
    out: dict[str, Any] = {"code": node.code, "name": node.name}
    if node.name_en:
        out["name_en"] = node.name_en
    if node.weight != 1.0:
        out["weight"] = _plain(node.weight)
    if node.direction != 1:
        out["direction"] = node.direction
    if node.value_type is not None:
        out["value_type"] = node.value_type.value
    if node.unit:
        out["unit"] = node.unit
    if node.scale_min is not None or node.scale_max is not None:
        out["scale"] = _Flow([_plain(node.scale_min), _plain(node.scale_max)])  # type: ignore[arg-type]
    if node.target is not None:
        out["target"] = _plain(node.target)
    if node.goalpost_low is not None or node.goalpost_high is not None:
        out["goalposts"] = _Flow(
            [_plain(node.goalpost_low), _plain(node.goalpost_high)]  # type: ignore[arg-type]
        )
    if node.evidence_rule is not None:
        out["evidence"] = _evidence_dict(node)
    elif node.evidence:
        out["evidence"] = node.evidence
    for key in ("denominator", "description"):
        if getattr(node, key):
            out[key] = getattr(node, key)
    children = framework.children(node.code)
    if children:
        out["children"] = [_node_dict(framework, framework[c]) for c in children]
    return out


def _evidence_dict(node: Node) -> dict[str, Any]:
    out: dict[str, Any] = {"description": node.evidence} if node.evidence else {}
    for key in _EVIDENCE_LISTS:
        if values := getattr(node.evidence_rule, key):
            out[key] = list(values)
    if node.evidence_rule is not None and node.evidence_rule.states:
        out["states"] = list(node.evidence_rule.states)
    if node.evidence_rule is not None and node.evidence_rule.planned_counts:
        out["planned_counts"] = True
    return out


def framework_dict(framework: Framework) -> dict[str, Any]:
    """The framework as the plain nested structure of the YAML format."""
    out: dict[str, Any] = {"code": framework.code, "name": framework.name}
    if framework.name_en:
        out["name_en"] = framework.name_en
    out["scoring"] = framework.scoring.value
    out["min_coverage"] = _plain(framework.min_coverage)
    for key in ("source", "source_en", "description", "description_en"):
        if getattr(framework, key):
            out[key] = getattr(framework, key)
    out["index"] = _node_dict(framework, framework.root)
    return out


def dump_framework(framework: Framework) -> str:
    """The framework in the YAML format of :func:`parse_framework`."""
    header = "# Stadtpuls-Indikatorenmodell (Format: docs/frameworks.md)\n"
    body = yaml.dump(
        framework_dict(framework),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    return header + body
