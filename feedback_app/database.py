"""Database wiring: SQLite pragmas and the check that the schema is up to date."""

import sys

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import Migrate
from sqlalchemy import Engine, event

SCHEMA_BEHIND = (
    "The database schema is not up to date (at {current}, code expects {head}).\n"
    "Run:  flask --app wsgi db upgrade"
)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """Turn on foreign keys and a busy timeout for SQLite; other engines are untouched."""
    if type(dbapi_connection).__module__.startswith("sqlite3"):
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()


def schema_revisions(app: Flask, engine) -> tuple[str | None, str | None]:
    """Return (current revision of the database, head revision of the code)."""
    migrate: Migrate = app.extensions["migrate"].migrate
    config = migrate.get_config()
    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return current, head


def exit_if_schema_behind(app: Flask, engine) -> None:
    """Refuse to serve on an old schema, with a message that says what to run."""
    current, head = schema_revisions(app, engine)
    if current != head:
        sys.stderr.write(SCHEMA_BEHIND.format(current=current or "empty", head=head) + "\n")
        raise SystemExit(3)
