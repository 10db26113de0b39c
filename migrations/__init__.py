"""Alembic migrations: the only way caishen's schema changes."""
