"""Alembic environment: online migrations on the configured URL, batch mode for SQLite."""

from __future__ import annotations

from alembic import context

from trainer.db import make_engine
from trainer.models import Base

config = context.config
url = config.get_main_option("sqlalchemy.url") or ""
engine = make_engine(url)

with engine.connect() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=url.startswith("sqlite"),
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()
engine.dispose()
