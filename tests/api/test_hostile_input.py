"""Hostile input found by fuzzing: every one is a clear 4xx, never a server error."""

import json
import re

import pytest

from feedback_app.extensions import db
from feedback_app.models import BrainstormSession, Idea, User
from tests.factories import PASSWORD, join, make_session, make_user

HUGE_IDS = [2**31, 2**63, 2**64, 10**30]
NESTED = "[" * 1000 + "]" * 1000


def _concrete(rule: str, value: int) -> str:
    return re.sub(r"<int:[a-z_]+>", str(value), rule)


def _int_rules(app):
    for rule in app.url_map.iter_rules():
        if "<int:" in rule.rule:
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                yield rule.rule, method


@pytest.mark.parametrize("huge", HUGE_IDS)
def test_ids_beyond_the_database_range_are_404_on_every_route(app, api, huge):
    staff = api.token_for(make_user("admin"))
    checked = 0
    for rule, method in _int_rules(app):
        url = _concrete(rule, huge)
        response = api.call(method, url, staff, json={})
        assert response.status_code == 404, (method, url, response.status_code)
        if url.startswith("/api/"):
            assert response.json["error"]["code"] == "not_found"
        checked += 1
    assert checked > 30  # web and API routes both take ids


def test_the_largest_storable_id_is_an_ordinary_404(api):
    staff = api.token_for(make_user())
    response = api.call("GET", f"/api/v1/sessions/{2**31 - 1}", staff)
    assert response.status_code == 404
    assert response.json["error"]["code"] == "not_found"


@pytest.mark.parametrize("path", ["/api/v1/auth/token", "/api/v1/join"])
def test_deeply_nested_json_is_a_400_without_login(api, path):
    response = api.client.post(path, data=NESTED, content_type="application/json")
    assert response.status_code == 400
    assert response.json["error"]["code"] == "malformed_json"
    assert "nested" in response.json["error"]["message"]


def test_deeply_nested_json_in_a_field_is_refused_too(api):
    body = '{"email": ' + NESTED + ', "password": "x"}'
    response = api.client.post("/api/v1/auth/token", data=body, content_type="application/json")
    assert response.status_code == 400


def _raw(api, method, path, token, body: str):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return api.client.open(
        path, method=method, data=body, content_type="application/json", headers=headers
    )


def test_nul_in_an_email_is_422_on_the_api_login(api):
    make_user(email="nul@example.com")
    body = json.dumps({"email": "nul\x00@example.com", "password": PASSWORD})
    response = _raw(api, "POST", "/api/v1/auth/token", None, body)
    assert response.status_code == 422
    assert "NUL" in response.json["error"]["fields"]["email"]


def test_nul_in_an_email_is_422_on_the_web_login(client):
    make_user(email="nul@example.com")
    response = client.post("/login", data={"email": "nul\x00@example.com", "password": PASSWORD})
    assert response.status_code == 422
    assert "NUL character" in response.get_data(as_text=True)


@pytest.mark.parametrize("field", ["title", "prompt"])
def test_nul_in_a_session_title_or_prompt_is_422_and_nothing_is_stored(api, field):
    staff = api.token_for(make_user())
    body = {"title": "Spring", "prompt": "What should we always do?", "target_level_id": 1}
    body[field] = "Before\x00after"
    response = api.call("POST", "/api/v1/sessions", staff, json=body)
    assert response.status_code == 422
    assert "NUL" in response.json["error"]["fields"][field]
    assert db.session.query(BrainstormSession).count() == 0


def test_nul_in_a_session_title_is_422_on_the_web_form(client, auth):
    user = make_user()
    auth.login(user)
    response = client.post(
        "/sessions/new",
        data={"title": "Spr\x00ing", "prompt": "What now?", "target_level_id": "1"},
    )
    assert response.status_code == 422
    assert "NUL character" in response.get_data(as_text=True)
    assert db.session.query(BrainstormSession).count() == 0


SURROGATE = "\\ud800"  # a JSON escape that decodes to an unpaired surrogate


@pytest.mark.parametrize(
    ("path", "template", "field"),
    [
        ("/api/v1/auth/token", '{"email": "a%s@example.com", "password": "x"}', "email"),
        ("/api/v1/join", '{"code": "AB%sCD"}', "code"),
    ],
)
def test_lone_surrogates_are_422_without_login(api, path, template, field):
    response = _raw(api, "POST", path, None, template % SURROGATE)
    assert response.status_code == 422
    assert "surrogate" in response.json["error"]["fields"][field]


def test_lone_surrogates_are_422_in_staff_and_participant_text(api):
    owner = make_user()
    staff = api.token_for(owner)
    session = make_session(owner, phase="collecting")
    _, participant = join(session)
    cases = [
        (
            "POST",
            "/api/v1/sessions",
            staff,
            '{"title": "x%s", "prompt": "p", "target_level_id": 1}',
        ),
        ("POST", f"/api/v1/sessions/{session.id}/ideas", participant, '{"text": "Greet %s all"}'),
        ("POST", f"/api/v1/sessions/{session.id}/clusters", staff, '{"backend": "nl%stk"}'),
    ]
    for method, path, token, template in cases:
        response = _raw(api, method, path, token, template % SURROGATE)
        assert response.status_code == 422, (path, response.status_code)
        assert any("surrogate" in message for message in response.json["error"]["fields"].values())
    assert db.session.query(Idea).count() == 0
    assert db.session.query(BrainstormSession).count() == 1


@pytest.mark.parametrize(
    "text", ["\u200b\u200b\u200b\u200b", "\u2060\u200d\ufeff\u200c", " \u200b \u00a0 \u200b "]
)
def test_an_idea_of_only_invisible_characters_is_422_like_an_empty_one(api, text):
    session = make_session(phase="collecting")
    _, participant = join(session)
    response = api.call(
        "POST", f"/api/v1/sessions/{session.id}/ideas", participant, json={"text": text}
    )
    assert response.status_code == 422
    assert response.json["error"]["fields"]["text"] == "An idea needs at least 3 characters."
    assert db.session.query(Idea).count() == 0


def test_a_session_title_of_only_invisible_characters_is_422(api):
    staff = api.token_for(make_user())
    body = {"title": "\u200b\u200b", "prompt": "What now?", "target_level_id": 1}
    response = api.call("POST", "/api/v1/sessions", staff, json=body)
    assert response.status_code == 422
    assert "title" in response.json["error"]["fields"]


def test_a_body_over_the_size_limit_is_413_json(api):
    response = api.client.post(
        "/api/v1/join", data='{"code": "' + "A" * 300_000 + '"}', content_type="application/json"
    )
    assert response.status_code == 413
    assert response.json["error"]["code"] == "payload_too_large"


def test_unsupported_methods_say_which_are_allowed(api):
    response = api.client.put("/api/v1/levels")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


def test_user_count_is_unchanged_by_hostile_logins(api):
    before = db.session.query(User).count()
    _raw(api, "POST", "/api/v1/auth/token", None, NESTED)
    assert db.session.query(User).count() == before
