"""Indicator frameworks: the tree index → areas → indicators → parameters.

A framework is pure data. Loading it from YAML or a COINr ``iMeta`` table lives in
:mod:`stadtpuls.io.frameworks`; scoring it lives in :mod:`stadtpuls.core.ranking.engine`.

Leaves carry data (they may sit at different depths: an indicator without parameters is a
leaf, an indicator with parameters is an aggregate). Every inner node is scored by
aggregating its children.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum

from stadtpuls.core.evidence.rules import EvidenceRule
from stadtpuls.i18n import tr


class ValueType(StrEnum):
    """What kind of value a leaf holds; decides the admissible range of an observation."""

    YES_NO = "yes_no"  # 0 or 1
    ORDINAL = "ordinal"  # integer on a scale [scale_min, scale_max]
    PERCENTAGE = "percentage"  # 0..100
    COUNT = "count"  # integer >= 0
    RATE = "rate"  # per-inhabitant (or per-area) rate >= 0
    SCORE = "score"  # already a score 0..100, used as is
    NUMBER = "number"  # any real number (imported COINr indicators)


class Scoring(StrEnum):
    """How leaf values become comparable scores (0..100)."""

    RELATIVE = "relative"  # min-max over the field: best unit 100, worst 0 (Bitkom)
    IDEAL = "ideal"  # against goalposts: 100 = every criterion met (Haselhorst)
    NONE = "none"  # values are scores already


@dataclass(frozen=True)
class Node:
    """One node of the tree. ``parent`` is ``None`` only for the root (the index)."""

    code: str
    name: str
    parent: str | None = None
    name_en: str | None = None
    weight: float = 1.0
    direction: int = 1
    value_type: ValueType | None = None
    unit: str | None = None
    scale_min: float | None = None
    scale_max: float | None = None
    target: float | None = None
    goalpost_low: float | None = None
    goalpost_high: float | None = None
    denominator: str | None = None
    evidence: str | None = None
    description: str | None = None
    evidence_rule: EvidenceRule | None = None  # what a website must show (docs/evidence.md)

    def label(self, language: str = "de") -> str:
        """The node's display name in ``language`` ('de' or 'en'), German as fallback."""
        if language == "en" and self.name_en:
            return self.name_en
        return self.name

    def admissible_range(self) -> tuple[float | None, float | None]:
        """Lowest and highest value an observation of this leaf may take (None: open)."""
        match self.value_type:
            case ValueType.YES_NO:
                return 0.0, 1.0
            case ValueType.ORDINAL:
                return self.scale_min, self.scale_max
            case ValueType.PERCENTAGE | ValueType.SCORE:
                return 0.0, 100.0
            case ValueType.COUNT | ValueType.RATE:
                return 0.0, None
            case _:
                return None, None


@dataclass(frozen=True)
class FrameworkProblem:
    """A defect in a framework definition, located at a node (or ``None`` for the whole)."""

    node: str | None
    problem: str

    def __str__(self) -> str:
        where = tr(f"Knoten '{self.node}'", f"node '{self.node}'") if self.node else "Framework"
        return f"{where}: {self.problem}"


#: A framework's code: it names files, URLs and download headers, so plain ASCII only.
FRAMEWORK_CODE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}\Z")


@dataclass(frozen=True)
class Framework:
    """An indicator framework. ``nodes`` are kept in definition order, root first."""

    code: str
    name: str
    nodes: tuple[Node, ...]
    scoring: Scoring = Scoring.RELATIVE
    name_en: str | None = None
    description: str | None = None
    source: str | None = None
    min_coverage: float = 0.5
    description_en: str | None = None
    source_en: str | None = None
    _children: dict[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)
    _by_code: dict[str, Node] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        by_code = {n.code: n for n in self.nodes}
        children: dict[str, list[str]] = {n.code: [] for n in self.nodes}
        for n in self.nodes:
            if n.parent is not None and n.parent in children:
                children[n.parent].append(n.code)
        object.__setattr__(self, "_by_code", by_code)
        object.__setattr__(self, "_children", {k: tuple(v) for k, v in children.items()})

    def described(self, language: str = "de") -> str | None:
        """The description in ``language`` (German when there is no English one)."""
        return self.description_en if language == "en" and self.description_en else self.description

    def cited(self, language: str = "de") -> str | None:
        """The source in ``language`` (German when there is no English one)."""
        return self.source_en if language == "en" and self.source_en else self.source

    # -- navigation -------------------------------------------------------------------------
    def __getitem__(self, code: str) -> Node:
        return self._by_code[code]

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self) -> Iterator[Node]:
        return iter(self.nodes)

    @property
    def root(self) -> Node:
        return next(n for n in self.nodes if n.parent is None)

    def children(self, code: str) -> tuple[str, ...]:
        return self._children[code]

    def is_leaf(self, code: str) -> bool:
        return not self._children[code]

    @property
    def leaves(self) -> tuple[str, ...]:
        """Leaf codes in definition order: the columns of a data matrix."""
        return tuple(n.code for n in self.nodes if not self._children[n.code])

    def evidence_rules(self) -> dict[str, EvidenceRule]:
        """Indicator code → evidence rule, for every leaf whose rule can match something."""
        return {
            n.code: n.evidence_rule
            for n in self.nodes
            if n.evidence_rule is not None and not n.evidence_rule.is_empty
        }

    @property
    def areas(self) -> tuple[str, ...]:
        """The root's children: the smart-city areas."""
        return self.children(self.root.code)

    def depth(self, code: str) -> int:
        """0 for the root, 1 for areas, and so on."""
        d = 0
        while (parent := self._by_code[code].parent) is not None:
            code, d = parent, d + 1
        return d

    def height(self, code: str) -> int:
        """0 for leaves; an aggregate's height is one more than its highest child's."""
        kids = self._children[code]
        return 0 if not kids else 1 + max(self.height(k) for k in kids)

    def area_of(self, code: str) -> str | None:
        """The area (child of the root) a node belongs to; None for the root."""
        node = self._by_code[code]
        while node.parent is not None and self._by_code[node.parent].parent is not None:
            node = self._by_code[node.parent]
        return None if node.parent is None else node.code

    # -- validation -------------------------------------------------------------------------
    def problems(self) -> list[FrameworkProblem]:
        """Every defect of the definition; an empty list means the framework is usable."""
        found: list[FrameworkProblem] = []
        if not FRAMEWORK_CODE.match(self.code):
            found.append(
                FrameworkProblem(
                    None,
                    tr(
                        f"der Code {self.code!r} ist ungültig: 1–64 Zeichen aus Buchstaben a–z, "
                        "Ziffern, '_', '-' und '.', nicht mit '-' oder '.' am Anfang",
                        f"the code {self.code!r} is invalid: 1–64 characters of letters a–z, "
                        "digits, '_', '-' and '.', not starting with '-' or '.'",
                    ),
                )
            )
        seen: set[str] = set()
        for n in self.nodes:
            if not n.code or not n.code.strip():
                found.append(
                    FrameworkProblem(None, tr("ein Knoten hat keinen Code", "a node has no code"))
                )
            if n.code in seen:
                found.append(
                    FrameworkProblem(
                        n.code, tr("der Code kommt mehrfach vor", "code is used more than once")
                    )
                )
            seen.add(n.code)
        roots = [n.code for n in self.nodes if n.parent is None]
        if len(roots) != 1:
            found.append(
                FrameworkProblem(
                    None,
                    tr(
                        f"braucht genau eine Wurzel (den Index), gefunden: {len(roots)}",
                        f"needs exactly one root, found {len(roots)}",
                    ),
                )
            )
        for n in self.nodes:
            found.extend(self._node_problems(n))
        if not found:
            found.extend(self._cycle_problems())
        return found

    def _node_problems(self, n: Node) -> list[FrameworkProblem]:
        out: list[FrameworkProblem] = []
        if n.parent is not None and n.parent not in self._by_code:
            out.append(
                FrameworkProblem(
                    n.code,
                    tr(
                        f"übergeordneter Knoten '{n.parent}' existiert nicht",
                        f"parent '{n.parent}' does not exist",
                    ),
                )
            )
        if not (n.weight >= 0):
            out.append(
                FrameworkProblem(
                    n.code,
                    tr(
                        f"Gewicht muss null oder positiv sein, ist {n.weight}",
                        f"weight must be zero or positive, got {n.weight}",
                    ),
                )
            )
        if n.direction not in (1, -1):
            out.append(
                FrameworkProblem(
                    n.code,
                    tr(
                        f"Richtung muss 1 oder -1 sein, ist {n.direction}",
                        f"direction must be 1 or -1, got {n.direction}",
                    ),
                )
            )
        if not n.name or not n.name.strip():
            out.append(FrameworkProblem(n.code, tr("der Name fehlt", "name is missing")))
        if n.value_type is ValueType.ORDINAL and (n.scale_min is None or n.scale_max is None):
            out.append(
                FrameworkProblem(
                    n.code,
                    tr(
                        "eine Ordinalskala braucht scale_min und scale_max",
                        "an ordinal scale needs scale_min and scale_max",
                    ),
                )
            )
        if n.scale_min is not None and n.scale_max is not None and not n.scale_min < n.scale_max:
            out.append(
                FrameworkProblem(
                    n.code,
                    tr(
                        "scale_min muss kleiner als scale_max sein",
                        "scale_min must be below scale_max",
                    ),
                )
            )
        if (
            n.goalpost_low is not None
            and n.goalpost_high is not None
            and n.goalpost_low == n.goalpost_high
        ):
            out.append(
                FrameworkProblem(
                    n.code, tr("die Zielpfosten müssen sich unterscheiden", "goalposts must differ")
                )
            )
        if n.evidence_rule is not None and not n.evidence_rule.is_empty:
            if self._children.get(n.code):
                out.append(
                    FrameworkProblem(
                        n.code,
                        tr(
                            "Fundstellen-Regeln (evidence) gelten nur für Indikatoren ohne "
                            "Unterknoten",
                            "evidence rules apply only to nodes without children",
                        ),
                    )
                )
            elif n.value_type is not ValueType.YES_NO:
                out.append(
                    FrameworkProblem(
                        n.code,
                        tr(
                            "Fundstellen-Regeln (evidence) gelten nur für Ja/Nein-Kriterien "
                            "(value_type: yes_no)",
                            "evidence rules apply only to yes/no criteria (value_type: yes_no)",
                        ),
                    )
                )
        return out

    def _cycle_problems(self) -> list[FrameworkProblem]:
        for n in self.nodes:
            seen, code = {n.code}, n.parent
            while code is not None:
                if code in seen:
                    return [
                        FrameworkProblem(
                            n.code,
                            tr(
                                "die Kette der übergeordneten Knoten bildet einen Kreis",
                                "the parent chain forms a cycle",
                            ),
                        )
                    ]
                seen.add(code)
                code = self._by_code[code].parent
        return []
