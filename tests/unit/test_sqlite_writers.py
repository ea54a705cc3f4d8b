"""SQLite writers take turns: a write transaction holds its process's turn until it ends."""

import threading

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from feedback_app import sqlite_writers


@pytest.fixture
def engine(tmp_path):
    engine = create_engine(f"sqlite:///{tmp_path / 'turns.db'}")
    with engine.begin() as connection:
        connection.execute(text("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)"))
    yield engine
    engine.dispose()


def turn(engine) -> threading.Lock:
    return sqlite_writers._turn_of(engine)


def test_a_write_holds_the_turn_until_commit_and_reads_never_take_it(engine):
    with engine.connect() as connection:
        connection.execute(text("SELECT count(*) FROM notes"))
        assert not turn(engine).locked()  # reading takes no turn
        connection.execute(text("INSERT INTO notes (body) VALUES ('greet')"))
        assert turn(engine).locked()
        connection.execute(text("UPDATE notes SET body = 'greet warmly'"))  # same turn
        connection.commit()
        assert not turn(engine).locked()


def test_a_failed_write_gives_the_turn_back_on_rollback(engine):
    with engine.connect() as connection:
        connection.execute(text("INSERT INTO notes (id, body) VALUES (1, 'a')"))
        connection.commit()
        with pytest.raises(IntegrityError):
            connection.execute(text("INSERT INTO notes (id, body) VALUES (1, 'b')"))
        assert turn(engine).locked()
        connection.rollback()
        assert not turn(engine).locked()


def test_a_connection_closed_mid_transaction_gives_the_turn_back(engine):
    connection = engine.connect()
    connection.execute(text("INSERT INTO notes (body) VALUES ('left open')"))
    assert turn(engine).locked()
    connection.close()  # back to the pool, rolled back
    assert not turn(engine).locked()


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
