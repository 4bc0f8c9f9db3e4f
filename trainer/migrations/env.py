"""Alembic environment: online migrations on the configured URL, batch mode for SQLite."""

from __future__ import annotations

from alembic import context

from trainer.db import make_engine
from trainer.models import Base

config = context.config
url = config.get_main_option("sqlalchemy.url") or ""
engine = make_engine(url)

with engine.connect() as connection:
    if url.startswith("sqlite"):
        # Batch mode rebuilds a table by copy and drop; with rows referencing it, foreign keys must
        # be off meanwhile (the pragma only takes effect outside a transaction).
        connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        connection.commit()
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=url.startswith("sqlite"),
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
