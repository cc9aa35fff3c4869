"""``evidence:`` blocks in framework YAML: reading, German errors, round trip."""

from __future__ import annotations

import pytest

from stadtpuls.core.evidence.rules import EvidenceRule
from stadtpuls.core.ranking.framework import ValueType
from stadtpuls.errors import InputRejected
from stadtpuls.io.frameworks import dump_framework, parse_framework, preset

TEMPLATE = """\
code: klein
name: Kleines Modell
index:
  code: IDX
  name: Index
  children:
    - code: A
      name: Bereich A
      children:
        - code: a1
          name: Online-Terminvergabe
          value_type: yes_no
          evidence:
{block}
        - code: a2
          name: Anteil
          value_type: percentage
          evidence: Statistik
"""


def framework(block: str):
    indented = "\n".join(f"            {line}" for line in block.strip().splitlines())
    return parse_framework(TEMPLATE.format(block=indented), "klein.yaml")


def test_a_block_becomes_a_rule_and_its_description_stays_the_evidence_text():
    fw = framework("""
description: Termine im Bürgerbüro online buchbar.
phrases: ["Online-Termin*", "Termin* online buchen"]
synonyms: [Terminvergabe]
context: [online]
link_anchors: ["Termin vereinbaren"]
link_targets: ["*tevis*"]
exclude: ["nur telefonisch"]
""")
    assert fw["a1"].evidence == "Termine im Bürgerbüro online buchbar."
    assert fw["a1"].evidence_rule == EvidenceRule(
        phrases=("Online-Termin*", "Termin* online buchen"),
        synonyms=("Terminvergabe",),
        context=("online",),
        link_anchors=("Termin vereinbaren",),
        link_targets=("*tevis*",),
        exclude=("nur telefonisch",),
    )
    assert fw["a2"].evidence == "Statistik" and fw["a2"].evidence_rule is None
    assert fw.evidence_rules() == {"a1": fw["a1"].evidence_rule}
    assert parse_framework(dump_framework(fw)) == fw


def test_errors_name_file_line_field_in_german():
    with pytest.raises(InputRejected) as caught:
        framework("""
phrases: "Online-Termin"
links: ["x"]
exclude: ["--"]
planned_counts: ja
""")
    problems = {(p.file, p.row, p.field): p.reason for p in caught.value.problems}
    assert set(problems) == {
        ("klein.yaml", 14, "evidence.phrases"),
        ("klein.yaml", 14, "evidence.links"),
        ("klein.yaml", 14, "evidence.exclude"),
        ("klein.yaml", 14, "evidence.planned_counts"),
    }
    assert "muss eine Liste von Texten sein" in problems[("klein.yaml", 14, "evidence.phrases")]
    assert "unbekannter Schlüssel 'links'" in problems[("klein.yaml", 14, "evidence.links")]
    assert "keine Buchstaben oder Ziffern" in problems[("klein.yaml", 14, "evidence.exclude")]
    assert "true oder false" in problems[("klein.yaml", 14, "evidence.planned_counts")]


def test_rules_only_on_yes_no_leaves():
    text = TEMPLATE.format(block="            description: x").replace(
        "          evidence: Statistik", "          evidence:\n            phrases: [Anteil]"
    )
    with pytest.raises(InputRejected, match="nur für Ja/Nein-Kriterien"):
        parse_framework(text, "klein.yaml")


def test_every_yes_no_criterion_of_the_preset_has_a_rule():
    fw = preset("haselhorst")
    yes_no = {n.code for n in fw.nodes if n.value_type is ValueType.YES_NO}
    assert len(yes_no) == 38
    assert set(fw.evidence_rules()) == yes_no
    assert all(rule.phrases or rule.synonyms for rule in fw.evidence_rules().values())
    assert parse_framework(dump_framework(fw)) == fw


def test_states_say_which_findings_count_and_survive_a_round_trip():
    fw = framework("""
phrases: ["Online-Termin*"]
states: [in_operation, pilot]
""")
    rule = fw["a1"].evidence_rule
    assert rule.counting_states == frozenset({"in_operation", "pilot"})
    assert parse_framework(dump_framework(fw)) == fw
    assert EvidenceRule(phrases=("x",)).counting_states == frozenset({"in_operation"})
    older = EvidenceRule(phrases=("x",), planned_counts=True)
    assert older.counting_states == frozenset({"in_operation", "pilot", "planned"})


def test_an_unknown_state_is_refused_in_german():
    with pytest.raises(InputRejected) as caught:
        framework("""
phrases: ["Online-Termin*"]
states: [in_operation, testweise]
""")
    (problem,) = caught.value.problems
    assert (problem.row, problem.field) == (14, "evidence.states")
    assert "muss eine Liste aus in_operation, pilot, planned, rejected, elsewhere sein" in (
        problem.reason
    )
