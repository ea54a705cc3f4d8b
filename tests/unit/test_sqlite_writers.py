"""SQLite writers take turns, among threads and among processes, until their transaction ends."""

import multiprocessing
import os
import threading
import time

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

import feedback_app.database  # noqa: F401  (the engine events, as the app has them)
from feedback_app import sqlite_writers


@pytest.fixture
def engine(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'turns.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))
    yield engine
    engine.dispose()


def held(engine) -> bool:
    return sqlite_writers.turn_of(engine).held_here()


def test_a_write_holds_the_turn_until_commit_and_reads_never_take_it(engine):
    with engine.connect() as connection:
        connection.execute(text("SELECT count(*) FROM notes"))
        assert not held(engine)  # reading takes no turn
        connection.execute(text("INSERT INTO notes (body) VALUES ('greet')"))
        assert held(engine)
        connection.execute(text("UPDATE notes SET body = 'greet warmly'"))  # same turn
        connection.commit()
        assert not held(engine)


def test_a_failed_write_gives_the_turn_back_on_rollback(engine):
    with engine.connect() as connection:
        connection.execute(text("INSERT INTO notes (id, body) VALUES (1, 'a')"))
        connection.commit()
        with pytest.raises(IntegrityError):
            connection.execute(text("INSERT INTO notes (id, body) VALUES (1, 'b')"))
        assert held(engine)
        connection.rollback()
        assert not held(engine)


def test_a_connection_closed_mid_transaction_gives_the_turn_back(engine):
    connection = engine.connect()
    connection.execute(text("INSERT INTO notes (body) VALUES ('left open')"))
    assert held(engine)
    connection.close()  # back to the pool, rolled back
    assert not held(engine)


def test_a_database_in_memory_has_no_turn():
    engine = create_engine("sqlite://")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE notes (body TEXT)"))
        connection.execute(text("INSERT INTO notes VALUES ('kept')"))
        assert sqlite_writers.turn_of(engine) is None
        assert connection.execute(text("SELECT count(*) FROM notes")).scalar() == 1


def test_a_waiting_writer_goes_as_soon_as_the_first_commits(engine):
    order = []
    first = engine.connect()
    first.execute(text("INSERT INTO notes (body) VALUES ('first')"))

    def second_writer():
        with engine.begin() as connection:
            connection.execute(text("INSERT INTO notes (body) VALUES ('second')"))
            order.append("second wrote")

    thread = threading.Thread(target=second_writer)
    thread.start()
    thread.join(0.3)
    assert order == []  # waiting for its turn, not failing
    order.append("first committed")
    first.commit()
    first.close()
    thread.join(5)
    assert order == ["first committed", "second wrote"]
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM notes")).scalar() == 2


def _write_in_another_process(url: str, started, done) -> None:
    """A second worker process: one write, timed from when it asks."""
    engine = create_engine(url)
    started.set()
    began = time.monotonic()
    with engine.begin() as connection:
        connection.execute(text("INSERT INTO notes (body) VALUES ('other process')"))
    done.value = time.monotonic() - began
    engine.dispose()


def _queued_on_file_lock(pid: int, path: str) -> bool:
    """Whether process `pid` is blocked waiting for a flock on `path` (Linux /proc/locks:
    a waiter's line reads "N: -> FLOCK  ADVISORY  WRITE <pid> <dev>:<inode> 0 EOF")."""
    inode = os.stat(path).st_ino
    with open("/proc/locks") as locks:
        waiters = [line.split() for line in locks if " -> FLOCK " in line]
    return any(int(f[5]) == pid and int(f[6].rsplit(":", 1)[1]) == inode for f in waiters)


def test_a_writer_in_another_process_gets_the_next_turn_while_this_one_keeps_writing(engine):
    """Threads of one process passing the turn along must not starve another process: its
    writer is queued on the file lock and goes at the next release, not after a busy
    timeout (10 s) or the end of this process's stream of writes."""
    context = multiprocessing.get_context("spawn")
    started, waited = context.Event(), context.Value("d", -1.0)
    holding = engine.connect()
    holding.execute(text("INSERT INTO notes (body) VALUES ('holding')"))
    other = context.Process(
        target=_write_in_another_process, args=(str(engine.url), started, waited)
    )
    other.start()
    try:
        assert started.wait(30)
        turn_file = sqlite_writers.database_path(engine) + sqlite_writers.TURN_FILE_SUFFIX
        deadline = time.monotonic() + 30  # spawning and importing is slow on a loaded machine
        while not _queued_on_file_lock(other.pid, turn_file):
            assert time.monotonic() < deadline, "the other process never queued on the turn file"
            time.sleep(0.01)
        holding.commit()
        holding.close()
        stop = time.monotonic() + 2.0
        writes = 0
        while time.monotonic() < stop:
            with engine.begin() as connection:
                connection.execute(text("INSERT INTO notes (body) VALUES ('this process')"))
            writes += 1
        other.join(10)
        assert other.exitcode == 0
        assert 0 < waited.value < 2.5  # it went at a release, not after the busy timeout
    finally:
        if other.is_alive():
            other.kill()
    with engine.connect() as connection:
        bodies = connection.execute(text("SELECT body FROM notes ORDER BY id")).scalars().all()
    assert bodies.count("other process") == 1
    ahead = bodies.index("other process") - bodies.index("holding") - 1
    # This process wrote on and on, yet the other went within its first writes: at once on
    # an idle machine, after a few dozen when the woken waiter lost a race for a busy CPU
    # (flock wakes waiters, it does not hand them the lock). With a lock of the process
    # alone it went after 804 of about 850.
    assert ahead * 5 < writes, (ahead, writes)


def test_a_turn_that_does_not_come_in_time_is_not_waited_for(engine, monkeypatch):
    """The file lock held elsewhere for longer than WAIT_S: the writer goes ahead under
    SQLite's own locking rather than waiting on."""
    import fcntl

    path = sqlite_writers.database_path(engine) + sqlite_writers.TURN_FILE_SUFFIX
    other_fd = os.open(path, os.O_RDWR | os.O_CREAT)  # another open file: another lock owner
    fcntl.flock(other_fd, fcntl.LOCK_EX)
    monkeypatch.setattr(sqlite_writers, "WAIT_S", 0.2)
    turn = sqlite_writers.turn_of(engine)
    try:
        began = time.monotonic()
        assert turn.take(0.2) is False
        assert 0.15 < time.monotonic() - began < 2.0
        assert not turn.held_here()
        with engine.begin() as connection:  # writes still go, without a turn
            connection.execute(text("INSERT INTO notes (body) VALUES ('no turn')"))
    finally:
        fcntl.flock(other_fd, fcntl.LOCK_UN)
        os.close(other_fd)
    assert turn.take(1.0) is True  # the doorman's late lock was let go; the next one comes
    turn.give_back()


def test_turn_taking_connections_keep_the_pragmas(engine):
    """Our connection class must not lose foreign keys, WAL and the busy timeout."""
    with engine.connect() as connection:
        assert isinstance(
            connection.connection.dbapi_connection, sqlite_writers.TurnTakingConnection
        )
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 10000


def test_a_turn_file_that_cannot_be_opened_leaves_writes_to_sqlite(tmp_path, caplog):
    """A turn file left by another user that this one cannot open: no turns, no failed write."""
    path = tmp_path / "shared.db"
    engine = create_engine(f"sqlite:///{path}")
    (tmp_path / ("shared.db" + sqlite_writers.TURN_FILE_SUFFIX)).mkdir()  # cannot be opened
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE notes (body TEXT)"))
        connection.execute(text("INSERT INTO notes VALUES ('kept')"))
    assert sqlite_writers.turn_of(engine) is None
    assert "take no turns" in caplog.text
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM notes")).scalar() == 1
    engine.dispose()
