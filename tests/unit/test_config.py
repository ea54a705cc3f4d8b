"""Configuration: generated secret key, database URLs, events bus."""

import os
import re
import stat

from sqlalchemy import text

from feedback_app.config import (
    PING_TIMEOUT_ARG,
    READ_TIMEOUT_ARG,
    defaults,
    engine_options,
    load_or_create_secret_key,
    normalise_database_url,
)
from feedback_app.extensions import db
from feedback_app.live.broker import Broker
from feedback_app.services.events import BROKER_KEY
from tests.conftest import make_app


def test_secret_key_is_generated_once_and_private(tmp_path):
    first = load_or_create_secret_key(str(tmp_path))
    assert len(first) == 64
    assert load_or_create_secret_key(str(tmp_path)) == first
    mode = stat.S_IMODE(os.stat(tmp_path / "secret_key").st_mode)
    assert mode == 0o600


def test_two_instances_get_different_keys(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert load_or_create_secret_key(str(tmp_path / "a")) != load_or_create_secret_key(
        str(tmp_path / "b")
    )


def test_postgres_urls_use_psycopg_3():
    assert normalise_database_url("postgres://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert normalise_database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_the_instances_of_one_installation_share_a_broker_channel_and_no_one_else_does(tmp_path):
    def channel(secret_key: str) -> str:
        return make_app(tmp_path, SECRET_KEY=secret_key).extensions[BROKER_KEY].channel

    ours = channel("the key our instances share")
    assert channel("the key our instances share") == ours
    assert channel("another company's key") != ours
    assert re.fullmatch(r"feedback_events_[0-9a-f]{20}", ours)  # a plain PostgreSQL name too
    assert "key" not in ours


def test_each_installation_has_a_job_queue_of_its_own_unless_one_is_named(tmp_path):
    """A worker of another installation on the same Redis would run our grouping jobs against
    its own database; by default the queue is named after the installation's SECRET_KEY."""

    def queue(**config) -> str:
        return make_app(tmp_path, **config).config["JOB_QUEUE_NAME"]

    ours = queue(SECRET_KEY="the key our instances share")
    assert queue(SECRET_KEY="the key our instances share") == ours
    assert queue(SECRET_KEY="another company's key") != ours
    assert re.fullmatch(r"feedback_jobs_[0-9a-f]{20}", ours)
    assert queue(SECRET_KEY="the key our instances share", JOB_QUEUE_NAME="reports") == "reports"


def test_in_memory_broker_delivers_and_survives_a_broken_subscriber(app):
    broker = Broker()
    seen = []
    broker.subscribe(lambda message: 1 / 0)
    unsubscribe = broker.subscribe(seen.append)
    message = {"session_id": 7, "seq": None, "name": "votes", "audience": "all", "data": {}}
    broker.publish(message)
    unsubscribe()
    broker.publish(message)
    assert seen == [message]


def test_postgresql_gets_a_bounded_pool_and_timeouts_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://feedback@db/feedback")
    monkeypatch.setenv("DATABASE_CONNECT_TIMEOUT", "7")
    monkeypatch.setenv("DATABASE_POOL_SIZE", "8")
    settings = defaults(str(tmp_path))
    assert engine_options(settings) == {
        "pool_pre_ping": True,
        "pool_size": 8,
        "max_overflow": 10,
        "pool_timeout": 10,
        "pool_recycle": 1800,
        "connect_args": {
            "connect_timeout": 7,
            "options": "-c statement_timeout=15000",
            READ_TIMEOUT_ARG: 17.0,
            PING_TIMEOUT_ARG: 7,
        },
    }


def test_sqlite_gets_pre_ping_wal_and_a_busy_timeout(app):
    if db.engine.dialect.name != "sqlite":
        return  # the PostgreSQL run checks its timeouts in tests/ops/test_outage.py
    assert engine_options(app.config) == {"pool_pre_ping": True}
    with db.engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 10000
        assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
