"""What an error asks the user to do (``Action``) is worded by each adapter: the CLI names a
command that exists, the web links to a page that opens; the services name neither."""

from __future__ import annotations

import re

import pytest
from typer.testing import CliRunner

from stadtpuls.cli.common import hint
from stadtpuls.cli.main import app
from stadtpuls.errors import Action
from stadtpuls.i18n import set_language


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("language", ["de", "en"])
def test_the_cli_words_every_action_with_commands_that_exist(action, language):
    set_language(language)
    try:
        words = hint(action)
    finally:
        set_language("de")
    assert words, f"no CLI wording for {action}"
    for command in re.findall(r"'stadtpuls ([a-z ]+?)(?: [A-ZÄÖÜ…]|')", words):
        shown = CliRunner().invoke(app, [*command.split(), "--help"])
        assert shown.exit_code == 0, f"{action}: 'stadtpuls {command}' {shown.output}"
