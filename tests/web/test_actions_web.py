"""The web words an error's ``Action`` as a link to the page that does it: each opens."""

from __future__ import annotations

import pytest

from stadtpuls.errors import Action
from stadtpuls.web.actions import action_link


@pytest.mark.parametrize("action", [a for a in Action if action_link(a) is not None])
def test_every_action_link_opens_a_page_for_an_editor(web_data, action):
    link = action_link(action)
    page = web_data.client("editor").get(link.href)
    # the page itself (the review queue of a store without crawls says so with 404), never
    # the error page of an unknown address
    assert page.status_code in (200, 404), (action, link.href)
    assert "Das hat nicht geklappt" not in page.text
    assert link.label


def test_actions_without_a_web_page_get_no_link():
    assert action_link(Action.CHECK_DATABASE) is None
    assert action_link(Action.NAME_AUTHOR) is None  # the web knows the signed-in account
    assert action_link(None) is None
