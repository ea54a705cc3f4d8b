"""Staff sessions end for real: logout, password changes, an admin's reset and idleness.

Through the rendered forms (CSRF on) and the API, checking the stored epoch and password.
"""

import re
import time

from feedback_app.extensions import db
from feedback_app.models import User
from feedback_app.services.passwords import verify_password
from tests.factories import PASSWORD, make_user, reload
from tests.web.html_forms import page_text, press

NEW_PASSWORD = "plum orchard lantern quietly"


def _cookie(client) -> str:
    return client.get_cookie("session", domain="feedback.test").value


def _browser_with(app, cookie: str):
    """Another browser holding a copy of a session cookie."""
    other = app.test_client()
    other.set_cookie("session", cookie, domain="feedback.test")
    return other


def _token(client, email: str, password: str):
    return client.post("/api/v1/auth/token", json={"email": email, "password": password})


def _levels_with(client, token: str):
    return client.get("/api/v1/sessions", headers={"Authorization": f"Bearer {token}"})


def test_a_cookie_copied_before_logout_stops_working(app, client, auth):
    user = make_user()
    auth.login(user)
    copied = _cookie(client)
    assert _browser_with(app, copied).get("/sessions/").status_code == 200
    press(client, "/sessions/", "Log out")
    assert reload(user).session_epoch == 1
    thief = _browser_with(app, copied)
    response = thief.get("/sessions/")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_logout_also_ends_the_accounts_api_tokens(app, client, auth):
    user = make_user()
    token = _token(client, user.email, PASSWORD).json["token"]
    assert _levels_with(client, token).status_code == 200
    auth.login(user)
    press(client, "/sessions/", "Log out")
    refused = _levels_with(client, token)
    assert refused.status_code == 401
    assert refused.json["error"]["code"] == "unauthorized"


def _change(client, current: str, new: str, confirm: str | None = None):
    return press(
        client,
        "/account/password",
        "Change password",
        current_password=current,
        password=new,
        confirm=new if confirm is None else confirm,
    )


def test_changing_the_password_signs_out_other_sessions_and_tokens(app, client, auth):
    user = make_user()
    token = _token(client, user.email, PASSWORD).json["token"]
    auth.login(user)
    laptop = app.test_client()  # a second browser, logged in separately
    press(laptop, "/login", "Log in", email=user.email, password=PASSWORD)
    assert laptop.get("/sessions/").status_code == 200

    response = _change(client, PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302
    assert "Password changed" in page_text(client.get("/sessions/"))  # this browser stays in
    assert laptop.get("/sessions/").status_code == 302
    assert _levels_with(client, token).status_code == 401
    stored = reload(user)
    assert verify_password(stored.password_hash, NEW_PASSWORD)
    assert not verify_password(stored.password_hash, PASSWORD)
    assert _token(client, user.email, PASSWORD).status_code == 401
    assert (
        _levels_with(client, _token(client, user.email, NEW_PASSWORD).json["token"]).status_code
        == 200
    )


def test_change_password_refuses_a_wrong_current_a_weak_or_a_mismatched_one(client, auth):
    user = make_user()
    auth.login(user)
    cases = [
        (("not my password", NEW_PASSWORD, None), "Your current password is not right."),
        (
            (PASSWORD, "Password12", None),
            "This password is too easy to guess. This is a very common password.",
        ),
        (
            (PASSWORD, "Welcome2024", None),
            "This password is too easy to guess. Add another word or two.",
        ),
        ((PASSWORD, NEW_PASSWORD, "plum orchard lantern"), "The two passwords do not match."),
        ((PASSWORD, PASSWORD, None), "Choose a password different from the current one."),
    ]
    for (current, new, confirm), message in cases:
        response = _change(client, current, new, confirm)
        assert response.status_code == 422, message
        assert message in page_text(response)
    stored = reload(user)
    assert verify_password(stored.password_hash, PASSWORD)
    assert stored.session_epoch == 0


def _reset_by_admin(app, user) -> str:
    admin_browser = app.test_client()
    admin = make_user("admin")
    press(admin_browser, "/login", "Log in", email=admin.email, password=PASSWORD)
    page = press(
        admin_browser,
        "/admin/users",
        "Reset password",
        action=f"/admin/users/{user.id}/reset-password",
    )
    assert page.status_code == 200
    found = re.search(r'data-testid="temporary-password">([^<]+)<', page.get_data(as_text=True))
    assert found, "the temporary password is shown to the admin"
    return found.group(1)


def test_an_admin_reset_forces_a_change_before_anything_else(app, client, auth):
    user = make_user()
    auth.login(user)
    old_token = _token(client, user.email, PASSWORD).json["token"]
    temporary = _reset_by_admin(app, user)

    stored = reload(user)
    assert stored.must_change_password is True
    assert verify_password(stored.password_hash, temporary)
    assert client.get("/sessions/").status_code == 302  # the user's session ended
    assert _levels_with(client, old_token).status_code == 401
    api = _token(client, user.email, temporary)
    assert api.status_code == 403
    assert api.json["error"]["code"] == "password_change_required"

    response = press(client, "/login", "Log in", email=user.email, password=temporary)
    assert response.headers["Location"] == "/sessions/"
    for page in ("/sessions/", "/sessions/new", "/admin/users"):
        blocked = client.get(page)
        assert blocked.status_code == 302, page
        assert blocked.headers["Location"] == "/account/password"
    assert "An admin reset your password" in page_text(client.get("/account/password"))

    assert _change(client, temporary, NEW_PASSWORD).status_code == 302
    assert client.get("/sessions/").status_code == 200
    assert reload(user).must_change_password is False
    assert _token(client, user.email, NEW_PASSWORD).status_code == 200


def test_admins_reset_others_not_themselves(app, client):
    admin = make_user("admin")
    press(client, "/login", "Log in", email=admin.email, password=PASSWORD)
    page = client.get("/admin/users").get_data(as_text=True)
    assert f"/admin/users/{admin.id}/reset-password" not in page
    response = client.post(
        f"/admin/users/{admin.id}/reset-password",
        data={"csrf_token": re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)},
    )
    assert response.status_code == 302
    assert "Change your own password on the Password page." in page_text(client.get("/admin/users"))
    assert db.session.get(User, admin.id).must_change_password is False


def test_idle_staff_are_logged_out_and_sent_back_where_they_were(app, client, auth):
    app.config["STAFF_IDLE_TIMEOUT"] = 1
    user = make_user()
    auth.login(user)
    assert client.get("/sessions/").status_code == 200
    time.sleep(0.6)
    assert client.get("/sessions/").status_code == 200  # activity keeps the session alive
    time.sleep(0.6)
    assert client.get("/sessions/").status_code == 200
    time.sleep(1.3)
    response = client.get("/sessions/new")
    assert response.status_code == 302
    assert response.headers["Location"] == "/login?next=/sessions/new"
    login_page = page_text(client.get("/login"))
    assert "You were logged out after 1 second without activity" in login_page
    assert client.get("/sessions/").status_code == 302
