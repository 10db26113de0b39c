"""Migrations are the only way the schema changes: they round-trip and match the models exactly."""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

from store.db import downgrade, make_engine, upgrade
from store.models import Base


def test_upgrade_downgrade_upgrade(settings):
    engine = make_engine(settings.database_url)
    upgrade(settings)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    downgrade(settings, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(settings)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())
    engine.dispose()


def test_autogenerate_finds_no_difference(settings):
    upgrade(settings)
    engine = make_engine(settings.database_url)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), Base.metadata)
    engine.dispose()
    assert diff == []


def test_constraints_follow_the_naming_convention(settings):
    upgrade(settings)
    engine = make_engine(settings.database_url)
    insp = inspect(engine)
    assert insp.get_pk_constraint("document")["name"] == "pk_document"
    assert {u["name"] for u in insp.get_unique_constraints("document")} == {"uq_document_sha256"}
    fk_names = {fk["name"] for fk in insp.get_foreign_keys("document")}
    assert fk_names == {"fk_document_proceeding_id_proceeding"}
    engine.dispose()
