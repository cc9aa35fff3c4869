"""The office's edits as a form asks for them: create an entry from typed values (a key made
from the title when none is given), close a milestone. Built on the use cases of
:mod:`stadtpuls.services.programme.entities`, so the web and the CLI store and check the same
way."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from stadtpuls.core.programme.model import ENTITY_KINDS, MilestoneState
from stadtpuls.errors import NotFound
from stadtpuls.services.audit import entity_title
from stadtpuls.services.programme import entities as programme_entities
from stadtpuls.services.programme.whole import Versioned
from stadtpuls.store.db import Store
from stadtpuls.store.programme import ProgrammeRepository

KEY_MAX = 60
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def slug(text: str) -> str:
    """``Digitale Bürgerdienste 2023`` → ``digitale-buergerdienste-2023``."""
    folded = unicodedata.normalize("NFKD", text.lower().translate(_UMLAUTS))
    ascii_text = folded.encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")[:KEY_MAX].strip("-")


def free_key(store: Store, programme: str | None, kind: str, title: str) -> str:
    """A key for a new ``kind`` entry from its title, not used by any entry of the kind
    (deleted ones included, so an undo never collides)."""
    base = slug(title) or kind
    with store.session() as session:
        repo = ProgrammeRepository(session)
        programme_id = repo.programme(programme).id
        taken = {
            r.key
            for rows in (
                repo.entities(programme_id, kind),
                repo.entities(programme_id, kind, deleted=True),
            )
            for r in rows
        }
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}-{number}", number + 1
    return candidate


def create_from_values(
    store: Store, programme: str | None, kind: str, values: Mapping[str, Any], author: str
) -> Versioned:
    """A new ``kind`` entry from field values as typed (``InputRejected`` names every bad
    field); without a key, one is made from the title."""
    record = {name: value for name, value in values.items() if value not in (None, "")}
    if not record.get("key"):
        record["key"] = free_key(
            store, programme, kind, str(record.get("title") or record.get("name") or "")
        )
    entity = programme_entities.parse_entity(ENTITY_KINDS[kind], record)
    return programme_entities.create_entity(store, programme, entity, author)


def close_milestone(
    store: Store,
    programme: str | None,
    key: str,
    version: int,
    state: MilestoneState,
    author: str,
) -> Versioned:
    """Mark a milestone reached or dropped (or open again)."""
    return programme_entities.update_entity(
        store, programme, "milestone", key, version, {"state": state.value}, author
    )


def versions(store: Store, programme: str | None, kind: str) -> dict[str, int]:
    """The version of each live ``kind`` entry, for the forms that change them in a list."""
    with store.session() as session:
        repo = ProgrammeRepository(session)
        return {r.key: r.version for r in repo.entities(repo.programme(programme).id, kind)}


def title_of(store: Store, programme: str | None, kind: str, key: str) -> str:
    """What people call the entry, deleted or not (a notice names what was just deleted)."""
    with store.session() as session:
        repo = ProgrammeRepository(session)
        programme_id = repo.programme(programme).id
        for deleted in (False, True):
            try:
                row = repo.entity(programme_id, kind, key, deleted=deleted)
            except NotFound:
                continue
            return entity_title(row.data, key)
    return key
