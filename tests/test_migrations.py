"""The migrations create exactly the schema the table models declare, on both backends."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from stadtpuls.store.base import Base
from stadtpuls.store.tables import import_all


def test_migrations_match_models(store):
    import_all()
    with store.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": False})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_migrations_reach_the_newest_revision(store):
    with store.engine.connect() as conn:
        heads = MigrationContext.configure(conn).get_current_heads()
    assert heads == ("0008_evidence_review",)
