"""POST /api/v1/auth/token and bearer authentication errors."""

import pytest

from feedback_app.services.accounts import update_user
from tests.factories import PASSWORD, make_user


def test_token_for_valid_credentials(api):
    user = make_user("manager")
    response = api.client.post(
        "/api/v1/auth/token", json={"email": user.email.upper(), "password": PASSWORD}
    )
    assert response.status_code == 200
    assert response.json["token_type"] == "Bearer"
    assert response.json["role"] == "manager"
    assert api.call("GET", "/api/v1/sessions", response.json["token"]).status_code == 200


def test_wrong_password_is_401_with_json_error(api):
    user = make_user()
    response = api.client.post(
        "/api/v1/auth/token", json={"email": user.email, "password": "nope nope"}
    )
    assert response.status_code == 401
    assert response.json["error"]["code"] == "invalid_credentials"
    assert response.json["error"]["fields"] == {}


def test_missing_fields_are_422_naming_each_field(api):
    response = api.client.post("/api/v1/auth/token", json={"email": 5})
    assert response.status_code == 422
    assert set(response.json["error"]["fields"]) == {"email", "password"}


@pytest.mark.parametrize("body", [b"not json", b"[1, 2]", b'"text"', b""])
def test_a_body_that_is_not_a_json_object_is_400(api, body):
    response = api.client.post("/api/v1/auth/token", data=body, content_type="application/json")
    assert response.status_code == 400
    assert response.json["error"]["code"] == "malformed_json"


def test_curl_without_content_type_still_works(api):
    user = make_user()
    body = f'{{"email": "{user.email}", "password": "{PASSWORD}"}}'
    response = api.client.post("/api/v1/auth/token", data=body)
    assert response.status_code == 200


@pytest.mark.parametrize("header", [None, "Bearer", "Basic abc", "Bearer    "])
def test_missing_bearer_token_is_401(api, header):
    headers = {"Authorization": header} if header is not None else {}
    response = api.client.get("/api/v1/sessions", headers=headers)
    assert response.status_code == 401
    assert response.json["error"]["code"] == "unauthorized"


def test_invalid_or_revoked_tokens_are_401(api):
    user = make_user()
    token = api.token_for(user)
    # Change the signed payload, not the signature's last base64 characters: those carry
    # padding bits, so altering them can leave the very same signature.
    tampered = ("A" if token[0] != "A" else "B") + token[1:]
    assert api.call("GET", "/api/v1/sessions", tampered).status_code == 401
    assert api.call("GET", "/api/v1/sessions", "random-participant-like-token").status_code == 401
    make_user("admin")
    update_user(user, active=False)
    assert api.call("GET", "/api/v1/sessions", token).status_code == 401


def test_curl_style_form_content_type_still_reads_the_json_body(tmp_path):
    """curl -d sends application/x-www-form-urlencoded; the login rate limit reads the form."""
    import secrets

    from feedback_app.extensions import db
    from tests.conftest import make_app, reset_database

    app = make_app(
        tmp_path,
        RATELIMIT_ENABLED=True,
        RATELIMIT_STORAGE_URI="memory://",
        RATELIMIT_KEY_PREFIX=f"curl-{secrets.token_hex(4)}",
    )
    with app.app_context():
        reset_database()
        user = make_user()
        body = f'{{"email": "{user.email}", "password": "{PASSWORD}"}}'
        response = app.test_client().post(
            "/api/v1/auth/token", data=body, content_type="application/x-www-form-urlencoded"
        )
        db.session.remove()
        db.engine.dispose()
    assert response.status_code == 200, response.json
