"""Finding and loading plugins: what ``stadtpuls plugins`` lists, and that a plugin that
fails is named and left out while the rest of Stadtpuls works as before."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from stadtpuls import plugins
from stadtpuls.cli import common
from stadtpuls.cli.main import app, show_error
from stadtpuls.core.evidence.rules import EvidenceRule
from stadtpuls.io import reading

from .conftest import EXAMPLE, write_distribution

runner = CliRunner()


@pytest.fixture(autouse=True)
def wide_console(monkeypatch):
    """Table rows on one line each, whatever the worker's terminal. The console's own
    ``_width`` is set (and put back to None, "as the terminal says"): setting the ``width``
    property would put back the width it measured, fixed for every later test."""
    monkeypatch.setattr(common.console, "_width", 200)


def _run(*args):
    return runner.invoke(app, list(args), terminal_width=200)


def test_the_example_plugin_is_found_with_what_it_provides(example_plugin):
    [loaded] = plugins.installed().plugins
    assert (loaded.name, loaded.distribution, loaded.version) == (
        "beispiel",
        "stadtpuls-example-plugin",
        "0.1.0",
    )
    assert [r.suffix for r in loaded.plugin.readers] == [".jsonl"]
    assert [s.name for s in loaded.plugin.report_sections] == ["ampelbilanz"]
    [rules] = loaded.plugin.evidence_rules
    assert (rules.framework, sorted(rules.rules)) == (
        "haselhorst",
        ["eu_smart_waste", "vw_open_data"],
    )
    assert plugins.installed().failures == ()


def test_plugins_command_lists_each_plugin_and_what_it_provides(example_plugin):
    result = _run("plugins")
    assert result.exit_code == 0, result.output
    for text in (
        "beispiel",
        "stadtpuls-example-plugin 0.1.0",
        "Dateityp .jsonl",
        "Folien 'ampelbilanz'",
        "Belegregeln für haselhorst: 2 Kriterien",
    ):
        assert text in result.output


def test_plugins_command_without_plugins(plugin_folder):
    result = _run("plugins")
    assert result.exit_code == 0
    assert "Keine Erweiterungen installiert" in result.output


def test_a_plugin_that_fails_to_load_is_named_and_the_others_still_work(
    example_plugin, broken_plugin
):
    found = plugins.installed()
    assert [p.name for p in found.plugins] == ["beispiel"]
    assert found.failures == (
        plugins.PluginFailure(
            "kaputt", "kaputte-erweiterung", "RuntimeError: Zugangsdaten der Stadt fehlen"
        ),
    )
    result = _run("plugins")
    assert result.exit_code == 1
    output = " ".join(result.output.split())
    assert "kaputt" in output
    assert "nicht geladen: RuntimeError: Zugangsdaten der Stadt fehlen" in output
    assert "beispiel" in output  # the working plugin is still listed
    assert str(result.exception).startswith("1 Erweiterung nicht geladen (Grund in der Tabelle)")


def test_the_command_says_it_in_words_not_a_traceback(broken_plugin, plugin_folder):
    paths = [str(plugin_folder), *sys.path]
    completed = subprocess.run(
        [sys.executable, "-c", "from stadtpuls.cli.main import run; run()", "plugins"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": os.pathsep.join(paths), "COLUMNS": "200"},
        check=False,
    )
    assert completed.returncode == 1
    assert "Traceback" not in completed.stderr + completed.stdout
    assert "Fehler: 1 Erweiterung nicht geladen" in completed.stderr
    assert "kaputt" in completed.stdout


def test_core_commands_do_not_load_plugins_and_work_with_a_broken_one(broken_plugin, tmp_path):
    database = tmp_path / "s.db"
    result = _run("gemeinde", "Norderstedt")
    assert result.exit_code == 0, result.output
    assert "01060063" in result.output
    good = tmp_path / "werte.csv"
    good.write_text("ags,year,str_strategie\n01060063,2022,1\n", encoding="utf-8")
    result = _run("--database", str(database), "import", str(good), "--framework", "haselhorst")
    assert result.exit_code == 0, result.output
    assert plugins.installed.cache_info().currsize == 0  # a CSV import never asked for plugins


def test_a_file_type_no_plugin_reads_is_refused_as_before(broken_plugin, tmp_path, capsys):
    path = tmp_path / "werte.jsonl"
    path.write_text('{"ags": "01060063"}\n', encoding="utf-8")
    result = _run("--database", str(tmp_path / "s.db"), "import", str(path))
    assert result.exit_code == 1
    show_error(result.exception)  # as stadtpuls.cli.main.run shows it
    shown = " ".join(capsys.readouterr().err.split())
    assert "unbekannter Dateityp '.jsonl': bitte CSV oder XLSX" in shown


def test_an_entry_point_that_names_no_plugin_is_a_failure(plugin_folder):
    (plugin_folder / "falsch.py").write_text("plugin = 'ein Text'\n", encoding="utf-8")
    write_distribution(plugin_folder, "falsch", "1.0", {"falsch": "falsch:plugin"})
    [failure] = plugins.installed().failures
    assert failure.reason == (
        "TypeError: der Einstiegspunkt nennt kein stadtpuls.plugins.Plugin, sondern str"
    )


def test_a_plugin_may_not_take_a_built_in_or_taken_suffix(plugin_folder):
    (plugin_folder / "leser.py").write_text(
        "from stadtpuls.plugins import Plugin, TableReader\n"
        "csv = Plugin('CSV anders', readers=(TableReader('.CSV', print),))\n"
        "eins = Plugin('Eins', readers=(TableReader('.dat', print),))\n"
        "zwei = Plugin('Zwei', readers=(TableReader('.DAT', print),))\n",
        encoding="utf-8",
    )
    write_distribution(
        plugin_folder,
        "leser",
        "1.0",
        {"a_csv": "leser:csv", "b_eins": "leser:eins", "c_zwei": "leser:zwei"},
    )
    found = plugins.installed()
    assert [p.name for p in found.plugins] == ["b_eins"]
    reasons = {f.name: f.reason for f in found.failures}
    assert reasons["a_csv"].startswith("ValueError: Dateiendung '.CSV' kann keine Erweiterung")
    assert reasons["c_zwei"] == (
        "ValueError: Dateiendung '.dat' liest schon die Erweiterung 'b_eins'"
    )


def test_a_plugin_must_provide_the_declared_kinds(plugin_folder):
    (plugin_folder / "lose.py").write_text(
        "from stadtpuls.plugins import EvidenceRuleSet, Plugin\n"
        "regeln = {'eu_smart_waste': {'phrases': ['Müllwecker']}}\n"
        "plugin = Plugin('Lose', evidence_rules=(EvidenceRuleSet('haselhorst', regeln),))\n",
        encoding="utf-8",
    )
    write_distribution(plugin_folder, "lose", "1.0", {"lose": "lose:plugin"})
    [failure] = plugins.installed().failures
    assert failure.reason == ("TypeError: evidence_rules.rules enthält dict statt EvidenceRule")


def test_a_plugin_that_exits_on_import_is_a_failure_too(plugin_folder):
    (plugin_folder / "ende.py").write_text("raise SystemExit(3)\n", encoding="utf-8")
    write_distribution(plugin_folder, "ende", "1.0", {"ende": "ende:plugin"})
    [failure] = plugins.installed().failures
    assert failure.reason == "SystemExit: 3"


def test_the_built_in_suffixes_are_those_the_reader_reads():
    assert {*reading.CSV_SUFFIXES, *reading.XLSX_SUFFIXES} == plugins._BUILT_IN_SUFFIXES


def test_combined_rules_hold_every_wording_of_both_once():
    shipped = EvidenceRule(phrases=("Abfall-App*",), synonyms=("App*",), context=("Abfall*",))
    own = EvidenceRule(
        phrases=("Müllwecker*", "Abfall-App*"), link_targets=("*muellwecker*",), planned_counts=True
    )
    combined = plugins.combined_rule(shipped, own)
    assert combined.phrases == ("Abfall-App*", "Müllwecker*")
    assert combined.synonyms == ("App*",)
    assert combined.context == ("Abfall*",)
    assert combined.link_targets == ("*muellwecker*",)
    assert combined.counting_states == {"in_operation", "pilot", "planned"}


def test_the_example_package_installs_and_is_listed(tmp_path):
    """The example is a real package: pip builds and installs it (offline, into a folder of
    its own, from a copy: the source tree and the environment stay as they are)."""
    source = shutil.copytree(EXAMPLE, tmp_path / "source")
    target = tmp_path / "installed"
    pip = [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index"]
    pip += ["--no-build-isolation", "--target", str(target), str(source)]
    subprocess.run(pip, check=True, capture_output=True)
    [entry_points] = target.glob("stadtpuls_example_plugin-0.1.0.dist-info/entry_points.txt")
    assert "beispiel = stadtpuls_example_plugin:plugin" in entry_points.read_text("utf-8")
    listed = subprocess.run(
        [sys.executable, "-c", "from stadtpuls.cli.main import run; run()", "plugins"],
        capture_output=True,
        text=True,
        env={
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(target), *sys.path]),
            "COLUMNS": "200",
        },
        check=False,
    )
    assert listed.returncode == 0, listed.stderr
    assert "stadtpuls-example-plugin 0.1.0" in " ".join(listed.stdout.split())
