"""Backup and restore of the whole organisation: every table, one snapshot, a portable file.

The file is gzip-compressed JSON lines: a header (format, version, schema revision), then for
each table of the models' metadata a line naming it and its columns followed by one JSON array
per row, and a closing line with the row counts (a cut-off file is refused). Values are
written by column type (times as ISO 8601, bytes as base64), so a SQLite backup restores into
PostgreSQL and back. The dump reads every table inside one read-only transaction, so it is
consistent while the app keeps serving. Participant tokens keep working after a restore made
with the same SECRET_KEY (only their keyed hashes are stored).
"""

import base64
import datetime as dt
import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from flask import current_app
from sqlalchemy import Connection, Table, func, select, text
from sqlalchemy.types import JSON, Date, DateTime, Integer, LargeBinary, Numeric

from feedback_app.database import schema_revisions
from feedback_app.errors import Conflict, ValidationFailed
from feedback_app.extensions import db

FORMAT = "feedback_app-backup"
VERSION = 1
BATCH = 500
# Rows a fresh `flask db upgrade` puts there itself: they do not make a database "in use".
SEED_TABLES = frozenset({"levels"})


@dataclass
class BackupReport:
    """What a backup or a restore did: the schema revision and the rows of each table."""

    revision: str
    counts: dict[str, int] = field(default_factory=dict)

    def summary(self) -> str:
        """One line for the command line."""
        rows = sum(self.counts.values())
        return f"{rows} rows in {len(self.counts)} tables, schema revision {self.revision}."


def _tables() -> list[Table]:
    return list(db.metadata.sorted_tables)


def _encode(value, column_type):
    if value is None:
        return None
    if isinstance(column_type, (DateTime, Date)):
        return value.isoformat()
    if isinstance(column_type, LargeBinary):
        return base64.b64encode(value).decode("ascii")
    if isinstance(value, Decimal):
        return str(value)
    return value


def _decode(value, column_type):
    if value is None or isinstance(column_type, JSON):
        return value
    if isinstance(column_type, DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(column_type, Date):
        return dt.date.fromisoformat(value)
    if isinstance(column_type, LargeBinary):
        return base64.b64decode(value)
    if isinstance(column_type, Numeric) and isinstance(value, str):
        return Decimal(value)
    return value


def _current_revision() -> str:
    current, head = schema_revisions(current_app, db.engine)
    if current != head:
        raise Conflict(
            f"The database schema is at {current or 'nothing'}, the code at {head}. "
            "Run: flask --app wsgi db upgrade"
        )
    return head


def _without_timeouts(connection: Connection) -> None:
    """Maintenance reads and writes may take longer than a web request is allowed to."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("SET LOCAL statement_timeout = 0")
        raw = connection.connection.dbapi_connection
        if hasattr(raw, "read_timeout"):
            raw.read_timeout = None  # restored when the pool hands the connection out again


def _snapshot(connection: Connection):
    """Begin one read-only transaction whose reads all see the same moment."""
    if connection.dialect.name == "sqlite":
        # pysqlite opens no transaction for SELECTs: begin one ourselves (WAL keeps it a
        # snapshot while writers go on).
        connection = connection.execution_options(isolation_level="AUTOCOMMIT")
        connection.exec_driver_sql("BEGIN")
    else:
        connection = connection.execution_options(isolation_level="REPEATABLE READ")
        connection.begin()
        connection.exec_driver_sql("SET TRANSACTION READ ONLY")
        _without_timeouts(connection)
    # The snapshot is taken by the first read, not by BEGIN: read now, before anything is
    # handed out, so that every table is seen as of this moment.
    connection.execute(select(func.count()).select_from(_tables()[0])).scalar()
    return connection


def _end_snapshot(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        if connection.connection.dbapi_connection.in_transaction:
            connection.exec_driver_sql("ROLLBACK")
    else:
        connection.rollback()


def dump_lines(revision: str | None = None) -> Iterator[dict | list]:
    """Yield the backup's lines, reading every table inside one snapshot."""
    revision = revision or _current_revision()
    yield {"format": FORMAT, "version": VERSION, "schema_revision": revision}
    counts: dict[str, int] = {}
    with db.engine.connect() as plain:
        connection = _snapshot(plain)
        try:
            for table in _tables():
                columns = [column.name for column in table.columns]
                yield {"table": table.name, "columns": columns}
                order = list(table.primary_key.columns) or list(table.columns)
                counts[table.name] = 0
                for row in connection.execute(select(table).order_by(*order)):
                    counts[table.name] += 1
                    yield [
                        _encode(value, col.type)
                        for value, col in zip(row, table.columns, strict=True)
                    ]
        finally:
            _end_snapshot(connection)
    yield {"end": True, "counts": counts}


def write_backup(path: str | Path) -> BackupReport:
    """Write a consistent backup of the whole database to a gzip JSON-lines file."""
    report = BackupReport(revision=_current_revision())
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        for line in dump_lines(report.revision):
            if isinstance(line, dict) and line.get("end"):
                report.counts = line["counts"]
            handle.write(json.dumps(line, ensure_ascii=False, separators=(",", ":")) + "\n")
    return report


def _read(path: str | Path) -> Iterator[dict | list]:
    try:
        with gzip.open(path, "rt", encoding="utf-8") as handle:
            for line in handle:
                yield json.loads(line)
    except (OSError, EOFError, ValueError) as error:
        raise ValidationFailed(f"{path} is not a readable feedback_app backup: {error}") from None


def _check_header(header, revision: str) -> None:
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise ValidationFailed("This file is not a feedback_app backup.")
    if header.get("version") != VERSION:
        raise ValidationFailed(f"Backup format version {header.get('version')} is not known.")
    if header.get("schema_revision") != revision:
        raise Conflict(
            f"This backup is from schema revision {header.get('schema_revision')}; this "
            f"database and code are at {revision}. Restore it with the code of that revision."
        )


def in_use(connection: Connection) -> list[str]:
    """Tables that hold rows a fresh migration does not put there (the database is in use)."""
    return [
        table.name
        for table in _tables()
        if table.name not in SEED_TABLES
        and connection.execute(select(func.count()).select_from(table)).scalar()
    ]


def _reset_sequences(connection: Connection) -> None:
    """PostgreSQL: the next id of each table follows the restored rows."""
    if connection.dialect.name != "postgresql":
        return  # SQLite's INTEGER PRIMARY KEY takes max(id) + 1 by itself
    for table in _tables():
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not keys[0].autoincrement or not isinstance(keys[0].type, Integer):
            continue  # only integer keys have a sequence (org_settings is keyed by name)
        name, column = table.name, keys[0].name
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence(:table, :column), "
                f'COALESCE(MAX("{column}"), 1), MAX("{column}") IS NOT NULL) FROM "{name}"'
            ),
            {"table": name, "column": column},
        )


def restore_backup(path: str | Path, *, replace: bool = False) -> BackupReport:
    """Load a backup into this database, in one transaction; refuse one in use unless replace."""
    report = BackupReport(revision=_current_revision())
    lines = _read(path)
    _check_header(next(lines, None), report.revision)
    tables = {table.name: table for table in _tables()}
    with db.engine.begin() as connection:
        _without_timeouts(connection)
        busy = in_use(connection)
        if busy and not replace:
            raise Conflict(
                "This database already holds data (" + ", ".join(busy) + "). "
                "Restore into an empty, migrated database, or pass --replace to overwrite it."
            )
        for table in reversed(_tables()):
            connection.execute(table.delete())
        _load_rows(connection, lines, tables, report)
        _reset_sequences(connection)
    return report


def _load_rows(connection: Connection, lines, tables: dict[str, Table], report) -> None:
    table, columns, batch = None, [], []

    def flush():
        if batch:
            connection.execute(table.insert(), batch)
            batch.clear()

    for line in lines:
        if isinstance(line, list):
            if table is None:
                raise ValidationFailed("The backup has a row before any table.")
            if len(line) != len(columns):
                raise ValidationFailed(f"A row of {table.name} does not match its columns.")
            pairs = zip(columns, line, strict=True)
            row = {name: _decode(value, table.c[name].type) for name, value in pairs}
            batch.append(row)
            report.counts[table.name] += 1
            if len(batch) >= BATCH:
                flush()
        elif "table" in line:
            flush()
            table, columns = tables.get(line["table"]), line["columns"]
            if table is None or not set(columns) <= set(table.c.keys()):
                raise ValidationFailed(f"The backup's table {line['table']} is not this code's.")
            report.counts[table.name] = 0
        elif line.get("end"):
            flush()
            if line["counts"] != report.counts:
                raise ValidationFailed("The backup's row counts do not match its rows.")
            return
    raise ValidationFailed("The backup file is cut off (no closing line); nothing was restored.")
