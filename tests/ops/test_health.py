"""/healthz and /readyz: no login, no cookie, names only, no rate limit; a registry to extend."""

import os

from feedback_app.services.health import register_check
from tests.conftest import make_app, redis_or_skip

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
NOWHERE = "redis://127.0.0.1:1/0"  # nothing listens on port 1


def test_healthz_answers_without_the_database_or_a_cookie(client):
    response = client.get("/healthz")
    assert (response.status_code, response.json) == (200, {"status": "ok"})
    assert "Set-Cookie" not in response.headers


def test_readyz_checks_database_and_schema_and_skips_what_is_not_configured(app, client):
    ready = client.get("/readyz")
    # the test database is built by create_all, without Alembic's revision: not current
    assert ready.status_code == 503
    assert ready.json == {
        "status": "unavailable",
        "failed": ["schema"],
        "checks": {
            "database": "ok",
            "schema": "failed",
            "rate_limits": "skipped",
            "job_queue": "skipped",
            "event_broker": "skipped",
        },
    }
    assert ready.headers["Retry-After"] == "5"
    assert "Set-Cookie" not in ready.headers


def test_readyz_names_each_configured_redis_that_does_not_answer(tmp_path):
    live = redis_or_skip(REDIS_URL)
    app = make_app(
        tmp_path,
        RATELIMIT_STORAGE_URI=NOWHERE,
        JOB_QUEUE_URL=live,
        EVENT_BROKER_URL=NOWHERE,
    )
    with app.app_context():
        checks = app.test_client().get("/readyz").json["checks"]
    assert (checks["rate_limits"], checks["job_queue"], checks["event_broker"]) == (
        "failed",
        "ok",
        "failed",
    )


def test_another_part_of_the_app_can_register_or_replace_a_check(app, client):
    def broker_is_down(_app):
        raise ConnectionError("no broker")

    register_check(app, "event_broker", broker_is_down)
    register_check(app, "search_index", lambda _app: None)
    checks = client.get("/readyz").json["checks"]
    assert checks["event_broker"] == "failed"
    assert checks["search_index"] == "ok"


def test_probes_are_never_rate_limited(tmp_path):
    from feedback_app.extensions import limiter

    app = make_app(tmp_path, RATELIMIT_ENABLED=True, RATELIMIT_DEFAULT="2 per minute")
    try:
        client = app.test_client()
        assert {client.get("/healthz").status_code for _ in range(5)} == {200}
        assert {client.get("/readyz").status_code for _ in range(5)} == {503}  # never 429
        assert 429 in {client.get("/join").status_code for _ in range(5)}  # others are limited
    finally:  # Flask-Limiter keeps default limits on its one, process-wide object
        limiter.limit_manager.set_default_limits([])
