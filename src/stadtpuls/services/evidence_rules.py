"""The evidence rules a framework's criteria are matched and reviewed with: the framework's own
and those of installed plugins (:mod:`stadtpuls.plugins`, ``EvidenceRuleSet``).

A plugin's rule for a criterion that has a rule already is combined with it
(:func:`stadtpuls.plugins.combined_rule`); one for a criterion the framework does not have
would give findings no import could take, so that rule set is left out, named with its
plugin in the log, and the framework's own rules still hold.
"""

from __future__ import annotations

import logging

from stadtpuls import plugins
from stadtpuls.core.evidence.rules import EvidenceRule
from stadtpuls.core.ranking.framework import Framework
from stadtpuls.i18n import tr

log = logging.getLogger(__name__)


def evidence_rules(framework: Framework) -> dict[str, EvidenceRule]:
    """Indicator code → the rule its pages are matched with, for every criterion with one."""
    rules = framework.evidence_rules()
    leaves = set(framework.leaves)
    for name, rule_set in plugins.evidence_rule_sets(framework.code):
        unknown = sorted(set(rule_set.rules) - leaves)
        if unknown:
            log.warning(plugins.failed(name, _unknown(unknown, framework.code)))
            continue
        for code, rule in rule_set.rules.items():
            rules[code] = plugins.combined_rule(rules[code], rule) if code in rules else rule
    return {code: rule for code, rule in rules.items() if not rule.is_empty}


def _unknown(codes: list[str], framework: str) -> str:
    listed = ", ".join(codes)
    return tr(
        f"Belegregeln für Kriterien, die das Modell '{framework}' nicht hat: {listed}",
        f"evidence rules for criteria the framework '{framework}' does not have: {listed}",
    )
