"""SQLite writers take turns in a queue of ours instead of sleeping in SQLite's busy handler.

SQLite lets one transaction write at a time. One that finds the database locked sleeps in
SQLite's busy handler: 1, 2, 5 … then 25, 50 and 100 ms between tries, while newcomers can
take the lock in between. With eight requests writing at once that made the slowest idea
wait 0.5–0.8 s while the average one took 30 ms. Here a thread takes its process's turn
before its transaction's first write and gives it back when the transaction ends, so waiting
writers are woken the moment the lock is free. Other processes (several gunicorn workers on
one file) still meet in SQLite's own locking, which stays the guarantee: a turn that does not
come within WAIT_S is not waited for.
"""

import threading

from sqlalchemy import Engine, event
from sqlalchemy.pool import Pool

WAIT_S = 2.0
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
TURN_KEY = "feedback_app.sqlite_writer_turn"
_turns: dict[str, threading.Lock] = {}
_turns_lock = threading.Lock()


def _turn_of(engine: Engine) -> threading.Lock:
    key = str(engine.url)
    with _turns_lock:
        return _turns.setdefault(key, threading.Lock())


@event.listens_for(Engine, "before_cursor_execute")
def _take_turn(conn, _cursor, statement, _parameters, _context, _executemany) -> None:
    """Before a transaction's first write on SQLite, wait for this process's writer turn."""
    if conn.dialect.name != "sqlite" or TURN_KEY in conn.info:
        return
    if not statement.lstrip()[:8].upper().startswith(WRITES):
        return
    turn = _turn_of(conn.engine)
    if turn.acquire(timeout=WAIT_S):
        conn.info[TURN_KEY] = turn


def _give_back(info: dict) -> None:
    turn = info.pop(TURN_KEY, None)
    if turn is not None:
        turn.release()


@event.listens_for(Engine, "commit")
def _after_commit(conn) -> None:
    _give_back(conn.info)


@event.listens_for(Engine, "rollback")
def _after_rollback(conn) -> None:
    _give_back(conn.info)


@event.listens_for(Pool, "checkin")
def _returned_to_pool(_dbapi_connection, record) -> None:
    """A connection handed back (or dropped) mid-transaction gives its turn back too."""
    if record is not None:
        _give_back(record.info)


@event.listens_for(Pool, "invalidate")
def _invalidated(_dbapi_connection, record, _exception) -> None:
    if record is not None:
        _give_back(record.info)
