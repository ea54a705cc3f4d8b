"""Admins manage staff accounts, the levels of the business and the grouping's vocabulary in
the browser."""

import re

import pytest
from sqlalchemy import func, select

from feedback_app.extensions import db
from feedback_app.models import Level, User
from feedback_app.services.accounts import find_user_by_email
from feedback_app.services.levels import list_levels
from feedback_app.services.vocabulary import list_entries
from tests.factories import PASSWORD, level_named, make_user, reload
from tests.web.html_forms import forms_in, page_text, press


def user_count() -> int:
    return db.session.scalar(select(func.count(User.id)))


def level_names(*, include_retired: bool = True) -> list[str]:
    db.session.expire_all()
    return [level.name for level in list_levels(include_retired=include_retired)]


def offered_on_new_session_page(client) -> tuple[list[str], set[str]]:
    """Target-level options and contributing-level checkbox values of /sessions/new."""
    page = client.get("/sessions/new").get_data(as_text=True)
    options = re.findall(r"<option[^>]*>([^<]*)</option>", page)
    (form,) = [form for form in forms_in(page) if form.button == "Create session"]
    checked = {value for name, value in form.fields if name == "contributing_level_ids"}
    return options, checked


@pytest.fixture
def admin(auth):
    user = make_user("admin")
    auth.login(user)
    return user


# Access


@pytest.mark.parametrize("role", ["facilitator", "manager"])
@pytest.mark.parametrize("url", ["/admin/users", "/admin/levels"])
def test_staff_without_the_admin_role_are_forbidden(client, auth, role, url):
    auth.login(make_user(role))
    response = client.get(url)
    assert response.status_code == 403
    assert "Only admins can do this." in page_text(response)


@pytest.mark.parametrize("url", ["/admin/users", "/admin/levels"])
def test_anonymous_visitors_are_sent_to_log_in(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    assert url.replace("/", "%2F") in response.headers["Location"]


# Users


def test_admin_creates_an_account_through_the_form(client, admin):
    response = press(
        client,
        "/admin/users",
        "Create account",
        email="New.Person@Example.com",
        role="manager",
        password=PASSWORD,
        confirm=PASSWORD,
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/users"
    user = find_user_by_email("new.person@example.com")
    assert user is not None
    assert user.role == "manager" and user.active
    page = page_text(client.get("/admin/users"))
    assert "Account created for new.person@example.com." in page
    assert "<td>new.person@example.com</td>" in page


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"password": "short1", "confirm": "short1"},
            "Choose a password of at least 10 characters that is not easy to guess.",
        ),
        (
            {"password": "password123", "confirm": "password123"},
            "This password is too easy to guess. This is a very common password.",
        ),
        ({"confirm": "a different passphrase"}, "The two passwords do not match."),
        ({"email": "TAKEN@example.COM"}, "A user with that email already exists."),
    ],
    ids=["short-password", "common-password", "mismatched-confirmation", "duplicate-email"],
)
def test_invalid_new_accounts_are_refused_with_the_message(client, admin, fields, message):
    make_user(email="taken@example.com")
    before = user_count()
    values = {"email": "someone@example.com", "password": PASSWORD, "confirm": PASSWORD}
    values.update(fields)
    response = press(client, "/admin/users", "Create account", **values)
    assert response.status_code == 422
    assert message in page_text(response)
    assert user_count() == before


def test_save_role_changes_a_role(client, admin):
    user = make_user("facilitator")
    response = press(
        client, "/admin/users", "Save role", action=f"/admin/users/{user.id}", role="manager"
    )
    assert response.status_code == 302
    assert reload(user).role == "manager"
    assert f"Saved changes to {user.email}." in page_text(client.get("/admin/users"))


def test_a_deactivated_user_cannot_log_in_until_reactivated(client, auth, admin):
    user = make_user("facilitator")
    row = f"/admin/users/{user.id}"
    response = press(client, "/admin/users", "Deactivate", action=row)
    assert response.status_code == 302
    assert reload(user).active is False
    page = page_text(client.get("/admin/users"))
    assert f"Saved changes to {user.email}." in page
    assert [form.button for form in forms_in(page) if form.action == row] == [
        "Save role",
        "Reactivate",
    ]

    press(client, "/admin/users", "Log out")
    response = auth.login(user)
    assert response.status_code == 422
    assert "Wrong email or password." in page_text(response)

    auth.login(admin)
    press(client, "/admin/users", "Reactivate", action=row)
    assert reload(user).active is True
    press(client, "/admin/users", "Log out")
    response = auth.login(user)
    assert response.status_code == 302
    assert client.get("/sessions/").status_code == 200


def test_the_last_admin_cannot_deactivate_themselves(client, admin):
    response = press(client, "/admin/users", "Deactivate", action=f"/admin/users/{admin.id}")
    assert response.status_code == 302
    assert reload(admin).active is True
    page = page_text(client.get("/admin/users"))
    assert "At least one active admin must remain." in page
    assert "flash-error" in page


def test_the_last_admin_cannot_demote_themselves(client, admin):
    press(
        client, "/admin/users", "Save role", action=f"/admin/users/{admin.id}", role="facilitator"
    )
    assert reload(admin).role == "admin"
    assert "At least one active admin must remain." in page_text(client.get("/admin/users"))


# Levels


def test_admin_adds_a_level(client, admin):
    response = press(client, "/admin/levels", "Add level", name="  Team   leader ")
    assert response.status_code == 302
    assert level_names()[-1] == "Team leader"
    page = page_text(client.get("/admin/levels"))
    assert "Added level Team leader." in page
    assert 'value="Team leader"' in page


def test_a_duplicate_level_name_is_refused(client, admin):
    before = level_names()
    response = press(client, "/admin/levels", "Add level", name="front-line STAFF")
    assert response.status_code == 422
    assert "A level with that name already exists." in page_text(response)
    assert level_names() == before


def test_admin_renames_a_level(client, admin):
    level = level_named("Executive")
    response = press(
        client, "/admin/levels", "Rename", action=f"/admin/levels/{level.id}/rename", name="Board"
    )
    assert response.status_code == 302
    assert reload(level).name == "Board"
    page = page_text(client.get("/admin/levels"))
    assert "Renamed to Board." in page
    assert level_names()[0] == "Board"


def test_renaming_to_an_existing_name_is_refused(client, admin):
    level = level_named("Executive")
    press(
        client,
        "/admin/levels",
        "Rename",
        action=f"/admin/levels/{level.id}/rename",
        name="Supervisor",
    )
    assert reload(level).name == "Executive"
    assert "A level with that name already exists." in page_text(client.get("/admin/levels"))


def test_levels_move_up_and_down(client, admin):
    supervisor = level_named("Supervisor")
    executive = level_named("Executive")
    press(client, "/admin/levels", "↑ Up", action=f"/admin/levels/{supervisor.id}/action")
    assert level_names() == [
        "Executive",
        "Senior management",
        "Supervisor",
        "Middle management",
        "Front-line staff",
    ]
    press(client, "/admin/levels", "↓ Down", action=f"/admin/levels/{executive.id}/action")
    assert level_names() == [
        "Senior management",
        "Executive",
        "Supervisor",
        "Middle management",
        "Front-line staff",
    ]
    page = page_text(client.get("/admin/levels"))
    positions = [page.index(f'value="{name}"') for name in level_names()]
    assert positions == sorted(positions)


def test_retired_levels_are_no_longer_offered_until_restored(client, admin):
    level = level_named("Middle management")
    action = f"/admin/levels/{level.id}/action"
    options, checked = offered_on_new_session_page(client)
    assert "Middle management" in options and str(level.id) in checked

    response = press(client, "/admin/levels", "Retire", action=action)
    assert response.status_code == 302
    assert reload(level).retired is True
    assert "Middle management" in level_names()
    assert "Middle management" not in level_names(include_retired=False)
    options, checked = offered_on_new_session_page(client)
    assert "Middle management" not in options
    assert str(level.id) not in checked

    press(client, "/admin/levels", "Restore", action=action)
    assert reload(level).retired is False
    options, checked = offered_on_new_session_page(client)
    assert "Middle management" in options and str(level.id) in checked


def test_the_last_active_level_cannot_be_retired(client, admin):
    *others, last = list_levels()
    for level in others:
        press(client, "/admin/levels", "Retire", action=f"/admin/levels/{level.id}/action")
    press(client, "/admin/levels", "Retire", action=f"/admin/levels/{last.id}/action")
    assert reload(last).retired is False
    assert db.session.scalar(select(func.count(Level.id)).where(Level.retired.is_(False))) == 1
    assert "At least one level must stay active." in page_text(client.get("/admin/levels"))


# Vocabulary


def _lexicon_row(page: str, group: str) -> str:
    """The words cell of one lexicon group on the Vocabulary page."""
    row = re.search(rf'<tr data-group="{group}">.*?</tr>', page, re.S).group(0)
    return re.findall(r"<td>(.*?)</td>", row, re.S)


def test_vocabulary_page_lists_the_lexicon_and_admin_synonyms_join_their_group(client, admin):
    page = page_text(client.get("/admin/vocabulary"))
    assert "Customer-service lexicon" in page
    words, area = _lexicon_row(page, "Waiting")
    assert words.startswith("wait, waiting, queue, queuing, on hold")
    assert area == "Waiting times"
    response = press(
        client,
        "/admin/vocabulary",
        "Add synonym",
        **{"synonym-term": "Tannoy call", "synonym-value": "queue"},
    )
    assert response.status_code == 302
    page = page_text(client.get("/admin/vocabulary"))
    words, _ = _lexicon_row(page, "Waiting")
    assert words.endswith(", <strong>tannoy call</strong>")
    assert [(e.term, e.value) for e in list_entries("synonym")] == [("tannoy call", "queue")]
