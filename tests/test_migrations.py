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
    assert heads == ("0015_report_model",)


def test_the_newest_migration_file_is_alembics_head(store):
    from alembic.script import ScriptDirectory

    from stadtpuls.store.db import alembic_config, newest_migration

    head = ScriptDirectory.from_config(alembic_config(store.url)).get_current_head()
    assert newest_migration() == head == "0015_report_model"
    assert store.is_migrated()


def test_a_store_behind_the_newest_migration_is_migrated_when_opened(tmp_path):
    from alembic import command

    from stadtpuls.store.db import Store, alembic_config, resolve_url

    url = resolve_url(str(tmp_path / "old.db"))
    command.upgrade(alembic_config(url), "0007_evidence_crawl")
    assert not Store(url).is_migrated()
    opened = Store.open(url)
    with opened.engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_heads() == ("0015_report_model",)
    assert opened.is_migrated()


def test_an_empty_database_is_not_migrated(tmp_path):
    from stadtpuls.store.db import Store, resolve_url

    assert not Store(resolve_url(str(tmp_path / "new.db"))).is_migrated()


def test_an_up_to_date_store_opens_without_alembic(tmp_path):
    import subprocess
    import sys

    from stadtpuls.store.db import Store

    path = tmp_path / "current.db"
    Store.open(str(path)).dispose()
    probe = (
        "import sys\nfrom stadtpuls.store.db import Store\n"
        f"Store.open({str(path)!r})\nprint('alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
