"""Extension points: what a city's own package adds to Stadtpuls without forking it.

A plugin is a distribution that declares one entry point in the group
:data:`ENTRY_POINT_GROUP` (``stadtpuls.plugins``) whose object is a :class:`Plugin`::

    [project.entry-points."stadtpuls.plugins"]
    rathaus = "stadtpuls_rathaus:plugin"

A :class:`Plugin` lists what it provides, as plain values (docs/extending.md):

- :class:`TableReader` — a file format every table import reads (indicator values, published
  results, programme items …): it turns the file into the table the CSV and XLSX readers
  give, and the import then validates it as any other file, all or nothing;
- :class:`ReportSection` — slides for the council deck, built from the report model
  (:class:`stadtpuls.reports.content.ReportContent`) as
  :class:`stadtpuls.reports.content.PluginSlide` values the renderer draws;
- :class:`EvidenceRuleSet` — additional evidence rules for the criteria of a framework, used
  by the crawler's matcher and the review.

Plugins are loaded on first use of an extension point, never for the other commands, and
each one on its own: a plugin that cannot be loaded is listed with its reason
(:func:`installed`, ``stadtpuls plugins``) and left out; the others and Stadtpuls go on.
This module imports neither pandas nor the report model (it sits below both in the layers);
the callers check what a plugin returns.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path
from typing import Any

from stadtpuls.core.evidence.rules import EvidenceRule
from stadtpuls.i18n import tr

ENTRY_POINT_GROUP = "stadtpuls.plugins"

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TableReader:
    """A file format for table imports, chosen by the file's suffix (``".jsonl"``).

    ``read(path)`` returns a :class:`pandas.DataFrame`: the header as column names, one row per
    record, indexed by the number under which the user finds the record in the file (a
    spreadsheet's row, a line). Stadtpuls then applies the limits and cell rules of
    :func:`stadtpuls.io.reading.read_table` and the import's own validation. To refuse a
    file with reasons, raise :class:`stadtpuls.errors.InputRejected` (see
    :mod:`stadtpuls.io.rejection`); any other exception refuses the file naming the plugin.
    """

    suffix: str
    read: Callable[[Path], Any]
    description: str = ""


@dataclass(frozen=True)
class ReportSection:
    """Slides for the council deck: ``slides(content)`` gets the report model of the report
    being made and returns a sequence of ``PluginSlide`` (empty: no slide this time)."""

    name: str
    slides: Callable[[Any], Sequence[Any]]
    description: str = ""


@dataclass(frozen=True)
class EvidenceRuleSet:
    """Evidence rules for criteria (indicator codes) of ``framework``; where the framework has
    a rule for a criterion already, the two are combined (:func:`combined_rule`)."""

    framework: str
    rules: Mapping[str, EvidenceRule]
    description: str = ""


@dataclass(frozen=True)
class Plugin:
    """What a plugin provides; its entry point names it."""

    title: str
    readers: tuple[TableReader, ...] = ()
    report_sections: tuple[ReportSection, ...] = ()
    evidence_rules: tuple[EvidenceRuleSet, ...] = ()


@dataclass(frozen=True)
class LoadedPlugin:
    """An installed plugin: its entry point's name, its distribution and what it provides."""

    name: str
    distribution: str
    version: str
    plugin: Plugin


@dataclass(frozen=True)
class PluginFailure:
    """An installed plugin that could not be loaded, and why."""

    name: str
    distribution: str
    reason: str


@dataclass(frozen=True)
class Installed:
    """The plugins that loaded, and those that did not."""

    plugins: tuple[LoadedPlugin, ...] = ()
    failures: tuple[PluginFailure, ...] = ()


@cache
def installed() -> Installed:
    """Every plugin of the environment, each loaded on its own (loaded once per process)."""
    return load(metadata.entry_points(group=ENTRY_POINT_GROUP))


def load(entry_points: Iterable[metadata.EntryPoint]) -> Installed:
    """Load ``entry_points``; a failing one becomes a :class:`PluginFailure`, the rest go on.
    Of two plugins reading the same suffix the first (by name) keeps it."""
    plugins: list[LoadedPlugin] = []
    failures: list[PluginFailure] = []
    suffixes: dict[str, str] = {}
    for entry in sorted(entry_points, key=lambda e: e.name):
        distribution, version = _distribution(entry)
        try:
            plugin = _checked(entry.load(), suffixes)
        except (Exception, SystemExit) as error:  # a plugin may fail in any way: not ours
            failures.append(PluginFailure(entry.name, distribution, describe(error)))
            log.warning(failed(entry.name, describe(error)))
            continue
        suffixes.update({r.suffix.lower(): entry.name for r in plugin.readers})
        plugins.append(LoadedPlugin(entry.name, distribution, version, plugin))
    return Installed(tuple(plugins), tuple(failures))


def table_reader(suffix: str) -> tuple[str, TableReader] | None:
    """The plugin (its name) and reader for files ending in ``suffix``, if one is installed."""
    for loaded in installed().plugins:
        for reader in loaded.plugin.readers:
            if reader.suffix.lower() == suffix.lower():
                return loaded.name, reader
    return None


def report_sections() -> list[tuple[str, ReportSection]]:
    """Every plugin's report sections, by plugin name."""
    return [(p.name, s) for p in installed().plugins for s in p.plugin.report_sections]


def evidence_rule_sets(framework: str) -> list[tuple[str, EvidenceRuleSet]]:
    """Every plugin's evidence rule sets for ``framework``, by plugin name."""
    return [
        (p.name, rules)
        for p in installed().plugins
        for rules in p.plugin.evidence_rules
        if rules.framework == framework
    ]


def combined_rule(first: EvidenceRule, second: EvidenceRule) -> EvidenceRule:
    """Both rules in one: every wording, link pattern and exclusion of either; the states of
    both (a criterion counts what either rule counts)."""
    states = tuple(sorted(first.counting_states | second.counting_states))
    return EvidenceRule(
        phrases=_union(first.phrases, second.phrases),
        synonyms=_union(first.synonyms, second.synonyms),
        link_targets=_union(first.link_targets, second.link_targets),
        link_anchors=_union(first.link_anchors, second.link_anchors),
        exclude=_union(first.exclude, second.exclude),
        context=_union(first.context, second.context),
        states=states,
    )


def describe(error: BaseException) -> str:
    """An exception in one line, as a plugin's failure is listed."""
    text = str(error).strip().splitlines()
    return f"{type(error).__name__}: {text[0]}" if text else type(error).__name__


def failed(name: str, reason: str) -> str:
    """The message for a plugin that failed at something (logged or shown)."""
    return tr(
        f"Erweiterung '{name}' übergangen: {reason}",
        f"Plugin '{name}' left out: {reason}",
    )


def _union(first: tuple[str, ...], second: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys((*first, *second)))


def _distribution(entry: metadata.EntryPoint) -> tuple[str, str]:
    dist = entry.dist
    if dist is None:
        return "", ""
    return dist.metadata["Name"] or dist.name, dist.version


def _checked(value: object, suffixes: Mapping[str, str]) -> Plugin:
    """The entry point's object if it is a well-formed :class:`Plugin`; else the reason."""
    if not isinstance(value, Plugin):
        raise TypeError(
            tr(
                f"der Einstiegspunkt nennt kein stadtpuls.plugins.Plugin, sondern "
                f"{type(value).__name__}",
                f"the entry point names no stadtpuls.plugins.Plugin but {type(value).__name__}",
            )
        )
    _all_of(value.readers, TableReader, "readers")
    _all_of(value.report_sections, ReportSection, "report_sections")
    _all_of(value.evidence_rules, EvidenceRuleSet, "evidence_rules")
    for rule_set in value.evidence_rules:
        _all_of(tuple(rule_set.rules.values()), EvidenceRule, "evidence_rules.rules")
    for reader in value.readers:
        _check_suffix(reader.suffix, suffixes)
    return value


def _all_of(values: tuple[object, ...], kind: type, field: str) -> None:
    wrong = [type(v).__name__ for v in values if not isinstance(v, kind)]
    if wrong:
        raise TypeError(
            tr(
                f"{field} enthält {', '.join(wrong)} statt {kind.__name__}",
                f"{field} holds {', '.join(wrong)} instead of {kind.__name__}",
            )
        )


def _check_suffix(suffix: str, taken: Mapping[str, str]) -> None:
    folded = suffix.lower()
    if not folded.startswith(".") or folded in _BUILT_IN_SUFFIXES:
        raise ValueError(
            tr(
                f"Dateiendung '{suffix}' kann keine Erweiterung lesen (erlaubt: '.name', nicht "
                "CSV oder XLSX)",
                f"a plugin cannot read the suffix '{suffix}' (allowed: '.name', not CSV or XLSX)",
            )
        )
    if folded in taken:
        raise ValueError(
            tr(
                f"Dateiendung '{folded}' liest schon die Erweiterung '{taken[folded]}'",
                f"suffix '{folded}' is read by the plugin '{taken[folded]}' already",
            )
        )


#: What :mod:`stadtpuls.io.reading` reads itself (kept in step with its suffixes; a test checks).
_BUILT_IN_SUFFIXES = frozenset({".csv", ".txt", ".xlsx", ".xlsm"})
