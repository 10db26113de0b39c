"""Where the cases are kept: the data model (store.models) and the database it lives in (store.db, Alembic
migrations)."""
