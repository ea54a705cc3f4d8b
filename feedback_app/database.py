"""Database wiring: SQLite pragmas and writer turns, bounded PostgreSQL waits, the schema
check, outage errors."""

import sqlite3

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask
from flask_migrate import Migrate
from sqlalchemy import Engine, event
from sqlalchemy import exc as sa_exc
from sqlalchemy.pool import Pool

from feedback_app import sqlite_writers  # noqa: F401  (its engine events: writer turns)
from feedback_app.config import PING_TIMEOUT_ARG, READ_TIMEOUT_ARG

SCHEMA_BEHIND = (
    "The database schema is not up to date (at {current}, code expects {head}).\n"
    "Run:  flask --app wsgi db upgrade"
)
DATABASE_UNREACHABLE = "The database cannot be reached: {error}"

# What a database that is down, restarting, blackholed or overloaded raises: answered with 503.
OUTAGE_ERRORS = (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.TimeoutError)


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, _record) -> None:
    """Turn on foreign keys and a busy timeout for SQLite; other engines are untouched."""
    if isinstance(dbapi_connection, sqlite3.Connection):  # ours too (sqlite_writers)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=10000")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()


def _bounded_connection_class():
    """psycopg's Connection that gives up waiting for a server after its read timeout."""
    import psycopg
    from psycopg import errors

    class BoundedConnection(psycopg.Connection):
        """The server's statement timeout cannot help when the server never receives the
        query (a dead link, a proxy that swallows packets): bound every wait on our side too.
        LISTEN loops that wait for long on purpose should use psycopg.connect directly."""

        read_timeout: float | None = None  # the bound now in force
        statement_bound: float | None = None  # while checked out: statements may take long
        ping_bound: float | None = None  # while idle in the pool: the pre-ping is quick

        def wait(self, gen, interval: float = 0.1, timeout: float | None = None):
            """Wait as psycopg does, but never longer than read_timeout for an answer."""
            limit = timeout if timeout is not None else self.read_timeout
            try:
                return super().wait(gen, interval=interval, timeout=limit)
            except errors._WaitTimeout:
                self.close()  # the link is in an unknown state: never reuse it
                raise psycopg.OperationalError(
                    f"the database did not answer within {limit:g} s"
                ) from None

    return BoundedConnection


@event.listens_for(Engine, "do_connect")
def _connect_with_read_timeout(_dialect, _record, cargs, cparams):
    """Open PostgreSQL connections whose waits are bounded (see config.engine_options)."""
    read_timeout = cparams.get(READ_TIMEOUT_ARG)
    ping_timeout = cparams.get(PING_TIMEOUT_ARG)
    if read_timeout is None:
        return None  # SQLite, or an engine built without our options: connect as usual
    # A copy: the engine hands the same dict to every connect, reconnections included.
    params = {k: v for k, v in cparams.items() if k not in (READ_TIMEOUT_ARG, PING_TIMEOUT_ARG)}
    connection = _bounded_connection_class().connect(*cargs, **params)
    connection.statement_bound = connection.read_timeout = read_timeout
    connection.ping_bound = ping_timeout or read_timeout
    return connection


@event.listens_for(Pool, "checkin")
def _idle_connections_ping_quickly(dbapi_connection, _record) -> None:
    """Back in the pool: the next use starts with a ping, which must answer quickly."""
    if getattr(dbapi_connection, "ping_bound", None):
        dbapi_connection.read_timeout = dbapi_connection.ping_bound


@event.listens_for(Pool, "checkout")
def _checked_out_connections_allow_statements(dbapi_connection, _record, _proxy) -> None:
    """Pinged and handed out: statements may take up to the statement bound."""
    if getattr(dbapi_connection, "statement_bound", None):
        dbapi_connection.read_timeout = dbapi_connection.statement_bound


def is_outage(error: BaseException) -> bool:
    """Whether an exception means the database is unreachable or not answering."""
    return isinstance(error, OUTAGE_ERRORS)


def schema_revisions(app: Flask, engine) -> tuple[str | None, str | None]:
    """Return (current revision of the database, head revision of the code)."""
    migrate: Migrate = app.extensions["migrate"].migrate
    config = migrate.get_config()
    head = ScriptDirectory.from_config(config).get_current_head()
    with engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return current, head


def schema_problem(app: Flask, engine) -> str | None:
    """Say why the app should not serve on this database yet, or None when it can."""
    try:
        current, head = schema_revisions(app, engine)
    except OUTAGE_ERRORS as error:
        cause = getattr(error, "orig", None) or error
        return DATABASE_UNREACHABLE.format(error=str(cause).strip())
    if current != head:
        return SCHEMA_BEHIND.format(current=current or "empty", head=head)
    return None
