"""Login rate limits: per email address, in memory or shared through Redis."""

import os
import secrets

import pytest

from feedback_app.extensions import db
from tests.conftest import make_app, redis_or_skip, reset_database
from tests.factories import PASSWORD, make_user

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


@pytest.fixture(params=["memory", "redis"])
def limited_app(request, tmp_path):
    """An app with login limits on (3 per email), in memory or in a real Redis."""
    storage = "memory://" if request.param == "memory" else redis_or_skip(REDIS_URL)
    app = make_app(
        tmp_path,
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI=storage,
        RATELIMIT_KEY_PREFIX=f"test-{secrets.token_hex(6)}",
        LOGIN_RATE_LIMIT="3 per minute",
    )
    with app.app_context():
        reset_database()
        yield app
        db.session.remove()
        db.engine.dispose()


def test_api_logins_are_limited_per_email_not_per_office(limited_app):
    client = limited_app.test_client()
    target, colleague = make_user(), make_user()
    for _ in range(3):
        wrong = {"email": target.email, "password": "guessing again"}
        assert client.post("/api/v1/auth/token", json=wrong).status_code == 401
    blocked = client.post("/api/v1/auth/token", json={"email": target.email, "password": PASSWORD})
    assert blocked.status_code == 429
    assert blocked.json["error"]["code"] == "too_many_requests"
    assert "Too many login attempts" in blocked.json["error"]["message"]
    assert "Retry-After" in blocked.headers
    same_network = {"email": colleague.email, "password": PASSWORD}
    assert client.post("/api/v1/auth/token", json=same_network).status_code == 200


def test_web_login_shows_a_page_when_limited(limited_app):
    limited_app.config["WTF_CSRF_ENABLED"] = False
    client = limited_app.test_client()
    user = make_user()
    for _ in range(3):
        client.post("/login", data={"email": user.email.upper(), "password": "nope nope"})
    page = client.post("/login", data={"email": user.email, "password": PASSWORD})
    assert page.status_code == 429
    assert "Too many login attempts for this account" in page.get_data(as_text=True)
    assert client.get("/login").status_code == 200  # only attempts count, not the form
