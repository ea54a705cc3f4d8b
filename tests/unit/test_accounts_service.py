"""Accounts service: emails, passwords, roles and API tokens."""

import time

import pytest

from feedback_app.errors import Conflict, ValidationFailed
from feedback_app.services import accounts
from tests.factories import PASSWORD, make_user


def test_email_is_unique_ignoring_case(app):
    make_user(email="Ana@Example.com")
    with pytest.raises(Conflict):
        make_user(email="ana@example.COM")
    assert accounts.authenticate("ANA@example.com", PASSWORD).email == "ana@example.com"


@pytest.mark.parametrize("password", ["short", "password123", "aaaaaaaaaaaa", "12345678901"])
def test_weak_passwords_are_refused(app, password):
    with pytest.raises(ValidationFailed) as caught:
        accounts.create_user("new@example.com", password, "facilitator")
    assert "password" in caught.value.fields


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("Password12", "This is a very common password."),
        ("qwerty1234", "This is a very common password."),
        ("Welcome2024", "Add another word or two. Uncommon words are better."),
        ("lena.maier2026", "Add another word or two."),  # her own email's name
    ],
)
def test_guessable_passwords_are_refused_saying_why(app, password, why):
    with pytest.raises(ValidationFailed) as caught:
        accounts.create_user("lena.maier@example.com", password, "facilitator")
    assert caught.value.message.startswith("This password is too easy to guess. ")
    assert why in caught.value.message
    assert caught.value.fields == {"password": caught.value.message}
    assert accounts.find_user_by_email("lena.maier@example.com") is None


def test_the_test_and_demo_passwords_are_strong_enough(app, tmp_path):
    from feedback_app.services.demo import load_demo
    from feedback_app.services.passwords import password_problem

    assert password_problem(PASSWORD, ("facilitator1@example.com",)) is None
    logins = load_demo(str(tmp_path)).logins
    assert len(logins) == 3
    for email, password in logins.items():
        assert password_problem(password, (email,)) is None, password


def test_bad_email_and_unknown_role_are_refused(app):
    with pytest.raises(ValidationFailed):
        accounts.create_user("not-an-email", PASSWORD, "facilitator")
    with pytest.raises(ValidationFailed):
        accounts.create_user("x@example.com", PASSWORD, "owner")


def test_password_is_stored_as_argon2_hash(app):
    user = make_user()
    assert user.password_hash.startswith("$argon2id$")
    assert PASSWORD not in user.password_hash


def test_authenticate_refuses_wrong_password_unknown_email_and_inactive_users(app):
    user = make_user()
    assert accounts.authenticate(user.email, "wrong password here") is None
    assert accounts.authenticate("nobody@example.com", PASSWORD) is None
    make_user("admin")
    accounts.update_user(user, active=False)
    assert accounts.authenticate(user.email, PASSWORD) is None


def test_api_token_round_trip_and_revocation(app):
    user = make_user()
    token = accounts.issue_api_token(user)
    assert accounts.user_for_api_token(token).id == user.id
    assert accounts.user_for_api_token(token + "x") is None
    accounts.set_password(user, "a brand new passphrase")
    assert accounts.user_for_api_token(token) is None  # password change kills old tokens
    fresh = accounts.issue_api_token(user)
    assert accounts.user_for_api_token(fresh).id == user.id
    accounts.end_sessions(user)
    assert accounts.user_for_api_token(fresh) is None  # so does a logout
    fresh = accounts.issue_api_token(user)
    make_user("admin")
    accounts.update_user(user, active=False)
    assert accounts.user_for_api_token(fresh) is None


def test_api_tokens_expire(app):
    user = make_user()
    token = accounts.issue_api_token(user)
    app.config["API_TOKEN_MAX_AGE"] = 1
    time.sleep(2.1)
    assert accounts.user_for_api_token(token) is None


def test_the_last_active_admin_cannot_be_demoted_or_deactivated(app):
    admin = make_user("admin")
    with pytest.raises(Conflict):
        accounts.update_user(admin, role="manager")
    with pytest.raises(Conflict):
        accounts.update_user(admin, active=False)
    make_user("admin")
    accounts.update_user(admin, role="manager")
    assert admin.role == "manager"
