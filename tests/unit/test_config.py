"""Configuration: generated secret key, database URLs, events bus."""

import os
import stat

from feedback_app.config import load_or_create_secret_key, normalise_database_url
from feedback_app.live.broker import Broker


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
