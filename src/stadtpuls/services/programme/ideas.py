"""The idea menu: ideas scored for the office's choice, and promoting an idea to a pilot."""

from __future__ import annotations

from stadtpuls.core.programme.model import (
    Idea,
)
from stadtpuls.core.programme.status import (
    IdeaScore,
    score_ideas,
)
from stadtpuls.core.programme.status import promote_idea as promote
from stadtpuls.errors import StadtpulsError
from stadtpuls.services.programme.entities import _check_in_context
from stadtpuls.services.programme.whole import (
    Versioned,
    _entity,
    _stored_record,
    load_programme,
)
from stadtpuls.store.db import Store
from stadtpuls.store.programme import ProgrammeRepository


def idea_menu(store: Store, programme: str | None = None) -> list[IdeaScore]:
    """The ideas with weighted benefit, complexity and priority, highest priority first."""
    whole = load_programme(store, programme)
    return score_ideas(whole.ideas, whole.criteria)


def promote_idea(
    store: Store,
    programme: str | None,
    idea_key: str,
    item_key: str,
    author: str,
    *,
    category: str | None = None,
) -> Versioned:
    """Turn an idea from the menu into a pilot project; the idea becomes 'piloted'."""
    with store.session() as session:
        repo = ProgrammeRepository(session)
        row = repo.programme(programme)
        idea_row = repo.entity(row.id, "idea", idea_key)
        idea: Idea = _entity(idea_row)
        try:
            item, piloted = promote(idea, item_key, category=category)
        except ValueError as error:
            raise StadtpulsError(str(error)) from error
        _check_in_context(repo, row, "item", item)
        stored = repo.add_entity(row.id, "item", item.key, _stored_record(item), author)
        repo.update_entity(idea_row, idea_row.version, _stored_record(piloted), author)
        return Versioned(item, stored.version)
