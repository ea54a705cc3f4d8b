"""SQLite writers take turns in a queue of ours instead of sleeping in SQLite's busy handler.

SQLite lets one transaction write at a time. One that finds the database locked sleeps in
SQLite's busy handler: 1, 2, 5 … then 25, 50 and 100 ms between tries, while newcomers can
take the lock in between. With eight requests writing at once that made the slowest idea
wait 0.5–0.8 s while the average one took 30 ms.

Here a transaction takes the database's writer turn before its first write and gives it back
when it ends, so a waiting writer goes the moment the one before it is done. A turn is two
locks: one among the threads of a process, then a file lock (flock) on `<database>-turn`
among processes. The file lock is what makes the turns fair between worker processes: a
process that waits for it is queued in the kernel and woken at the release, before the
releasing process's next thread can ask again. (A lock of the process alone starved a second
worker process, whose writers slept in the busy handler while the first passed its lock from
thread to thread.) The kernel drops a dead process's file lock by itself.

The turn is taken in SQLAlchemy's before_cursor_execute and given back by the DB-API
connection itself (TurnTakingConnection) after its COMMIT or ROLLBACK, or when it closes.

SQLite's own locking stays the guarantee: a turn that does not come within WAIT_S is not
waited for, and the write goes ahead under the busy handler as it would without turns.
"""

import fcntl
import logging
import os
import sqlite3
import threading
import time

from sqlalchemy import Engine, event

WAIT_S = 2.0
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
TURN_FILE_SUFFIX = "-turn"
logger = logging.getLogger(__name__)


class _FileTurn:
    """The file lock among processes, waited for with a bound.

    flock() cannot time out, so a blocking wait happens in a doorman thread of the process
    while the asking thread waits, bounded, for the doorman to hand the lock over. Only the
    thread that holds the process's turn ever asks, so there is at most one asker at a time.
    A lock the doorman obtains after its asker gave up is released at once.
    """

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self._state = threading.Condition()
        self._asked = False  # an asker is waiting for the doorman
        self._handed = False  # the doorman holds the lock for the asker
        self._doorman_waiting = False  # the doorman is blocked in flock()

    def take(self, deadline: float) -> bool:
        with self._state:  # the doorman's lock is the process's: only a hand-over may pass it
            if not self._doorman_waiting:
                try:
                    fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    return True
                except BlockingIOError:
                    pass
            self._asked = True
            if not self._doorman_waiting:
                self._doorman_waiting = True
                threading.Thread(target=self._wait_for_lock, daemon=True).start()
            while not self._handed:
                left = deadline - time.monotonic()
                if left <= 0:
                    self._asked = False
                    return False
                self._state.wait(left)
            self._handed = False
            self._asked = False
            return True

    def give_back(self) -> None:
        fcntl.flock(self.fd, fcntl.LOCK_UN)

    def _wait_for_lock(self) -> None:
        fcntl.flock(self.fd, fcntl.LOCK_EX)  # releases the GIL while it waits
        with self._state:
            self._doorman_waiting = False
            if self._asked:
                self._handed = True
                self._state.notify()
            else:  # its asker gave up meanwhile
                fcntl.flock(self.fd, fcntl.LOCK_UN)


class WriterTurn:
    """The writer turn of one SQLite file in this process."""

    def __init__(self, database_path: str) -> None:
        self._threads = threading.Lock()
        # Read-only is enough for flock, so a file created by another user (a `flask` command
        # run as root, say) still serves; its content is never used.
        fd = os.open(
            database_path + TURN_FILE_SUFFIX, os.O_RDONLY | os.O_CREAT | os.O_CLOEXEC, 0o644
        )
        self._file = _FileTurn(fd)

    def take(self, wait_s: float | None = None) -> bool:
        """Wait for the turn, at most `wait_s` (WAIT_S); False if it did not come."""
        wait_s = WAIT_S if wait_s is None else wait_s
        deadline = time.monotonic() + wait_s
        if not self._threads.acquire(timeout=wait_s):
            return False
        if self._file.take(deadline):
            return True
        self._threads.release()
        return False

    def give_back(self) -> None:
        self._file.give_back()
        self._threads.release()

    def held_here(self) -> bool:
        """Whether a thread of this process holds the turn (for tests)."""
        return self._threads.locked()

    def forget_after_fork(self) -> None:
        """In a child process: close the inherited descriptor without unlocking the parent's."""
        os.close(self._file.fd)


_turns: dict[str, WriterTurn | None] = {}  # None: the turn file cannot be opened here
_turns_lock = threading.Lock()


def database_path(engine: Engine) -> str | None:
    """The file of a SQLite engine, or None for a database in memory."""
    name = engine.url.database
    if not name or name == ":memory:" or "mode=memory" in name:
        return None
    return os.path.realpath(name)


def turn_of(engine: Engine) -> WriterTurn | None:
    """The engine's writer turn in this process (None when its database is in memory)."""
    path = database_path(engine)
    if path is None:
        return None
    with _turns_lock:
        if path not in _turns:
            _turns[path] = _open_turn(path)
        return _turns[path]


def _open_turn(path: str) -> WriterTurn | None:
    try:
        return WriterTurn(path)
    except OSError as error:  # writers go on without turns, under SQLite's busy handler
        logger.warning("SQLite writers take no turns on %s: %s", path, error)
        return None


def _forget_turns_in_child() -> None:
    """A forked worker opens its own descriptors: a shared one would share the file lock."""
    global _turns_lock
    for turn in _turns.values():
        if turn is not None:
            turn.forget_after_fork()
    _turns.clear()
    _turns_lock = threading.Lock()


os.register_at_fork(after_in_child=_forget_turns_in_child)


class TurnTakingConnection(sqlite3.Connection):
    """A SQLite connection that gives its writer turn back once its transaction has ended.

    At the DB-API level, so that the turn is given back after the COMMIT has happened:
    SQLAlchemy's commit event comes before it, and the next writer would meet the lock.
    """

    writer_turn: WriterTurn | None = None

    def commit(self) -> None:
        try:
            super().commit()
        finally:
            self.give_back_turn()

    def rollback(self) -> None:
        try:
            super().rollback()
        finally:
            self.give_back_turn()

    def close(self) -> None:
        try:
            super().close()
        finally:
            self.give_back_turn()

    def give_back_turn(self) -> None:
        turn, self.writer_turn = self.writer_turn, None
        if turn is not None:
            turn.give_back()


@event.listens_for(Engine, "do_connect")
def _connect_taking_turns(dialect, _record, _cargs, cparams) -> None:
    """SQLite connections of every engine are TurnTakingConnections."""
    if dialect.name == "sqlite":
        cparams.setdefault("factory", TurnTakingConnection)


@event.listens_for(Engine, "before_cursor_execute")
def _take_turn(conn, _cursor, statement, _parameters, _context, _executemany) -> None:
    """Before a transaction's first write on SQLite, wait for the database's writer turn."""
    if conn.dialect.name != "sqlite":
        return
    dbapi_connection = conn.connection.dbapi_connection
    if not isinstance(dbapi_connection, TurnTakingConnection) or dbapi_connection.writer_turn:
        return
    if not statement.lstrip()[:8].upper().startswith(WRITES):
        return
    turn = turn_of(conn.engine)
    if turn is not None and turn.take():
        dbapi_connection.writer_turn = turn
