"""Admins edit the word filter in the browser; participants meet it when they send an idea."""

import re

import pytest
from sqlalchemy import func, select

from feedback_app.extensions import db
from feedback_app.models import BlockedTerm, Idea
from feedback_app.services import word_filter
from tests.factories import make_session, make_user
from tests.web.html_forms import csrf_token_from, forms_in, page_text, press, readable_text

URL = "/admin/word-filter"


@pytest.fixture
def admin(auth):
    user = make_user("admin")
    auth.login(user)
    return user


def stored_terms() -> list[str]:
    db.session.expire_all()
    return sorted(db.session.scalars(select(BlockedTerm.term)))


def flashes(page: str) -> list[str]:
    block = re.search(r'<div class="flashes" role="status">(.*?)</div>', page, re.S)
    if block is None:
        return []
    found = re.findall(r'<p class="flash flash-\w+">(.*?)</p>', block.group(1), re.S)
    return [" ".join(text.split()) for text in found]


# Editing the filter


def test_an_empty_filter_says_so(client, admin):
    response = client.get(URL)
    assert response.status_code == 200
    words = readable_text(page_text(response))
    assert "Filtered words (0)" in words
    assert "Nothing is filtered yet." in words


def test_an_admin_adds_a_word_through_the_form(client, admin):
    response = press(client, URL, "Add to the filter", term="  Bob   SMITH ")
    assert response.status_code == 302
    assert response.headers["Location"] == URL
    assert stored_terms() == ["bob smith"]
    page = page_text(client.get(URL))
    assert flashes(page) == ["Ideas with “bob smith” are now refused."]
    assert "Filtered words (1) bob smith" in readable_text(page)


@pytest.mark.parametrize(
    ("term", "message"),
    [
        ("", "This field is required."),
        ("   ", "This field is required."),
        ("x" * 81, "Field cannot be longer than 80 characters."),
        ("DARN", "That word is already in the filter."),
    ],
)
def test_a_bad_or_repeated_word_is_shown_again_with_its_message(client, admin, term, message):
    word_filter.add_term("darn")
    response = press(client, URL, "Add to the filter", term=term)
    assert response.status_code == 422
    assert message in readable_text(page_text(response))
    assert stored_terms() == ["darn"]


def test_an_admin_removes_a_word(client, admin):
    word_filter.add_term("darn")
    kept = word_filter.add_term("bob smith")
    response = press(client, URL, "Remove", action=f"{URL}/{kept.id - 1}/delete")
    assert response.status_code == 302
    assert response.headers["Location"] == URL
    assert stored_terms() == ["bob smith"]
    page = page_text(client.get(URL))
    assert flashes(page) == ["Removed from the word filter."]
    assert [form.action for form in forms_in(page) if form.button == "Remove"] == [
        f"{URL}/{kept.id}/delete"
    ]


def test_removing_a_word_that_is_gone_is_not_found(client, admin):
    entry = word_filter.add_term("darn")
    token = csrf_token_from(client, URL)
    word_filter.delete_term(entry.id)
    response = client.post(f"{URL}/{entry.id}/delete", data={"csrf_token": token})
    assert response.status_code == 404
    assert stored_terms() == []


def test_removing_without_the_forms_token_changes_nothing(client, admin):
    entry = word_filter.add_term("darn")
    response = client.post(f"{URL}/{entry.id}/delete")
    assert response.status_code == 400
    assert stored_terms() == ["darn"]


# Who may edit it


@pytest.mark.parametrize("role", ["facilitator", "manager"])
def test_only_admins_see_or_edit_the_filter(client, auth, role):
    entry = word_filter.add_term("darn")
    auth.login(make_user(role))
    response = client.get(URL)
    assert response.status_code == 403
    assert "Only admins can do this." in page_text(response)
    token = csrf_token_from(client, "/sessions/")
    assert client.post(URL, data={"csrf_token": token, "term": "heck"}).status_code == 403
    delete = client.post(f"{URL}/{entry.id}/delete", data={"csrf_token": token})
    assert delete.status_code == 403
    assert stored_terms() == ["darn"]


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    token = csrf_token_from(client, "/")
    response = client.post(URL, data={"csrf_token": token, "term": "darn"})
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
    assert stored_terms() == []


# Meeting it in the room


@pytest.fixture
def room(client):
    """A collecting session this browser has joined, with "bob smith" filtered."""
    word_filter.add_term("Bob Smith")
    session = make_session(phase="collecting")
    response = press(client, f"/j/{session.join_code}", "Join anonymously")
    assert response.status_code == 302
    return session


def idea_count() -> int:
    return db.session.scalar(select(func.count(Idea.id)))


@pytest.mark.parametrize("text", ["Ask BOB SMITH first", "ask bob   smith.", "Bob Smith"])
def test_an_idea_with_a_filtered_word_is_refused_naming_the_word(client, room, text):
    response = press(client, f"/s/{room.join_code}", "Add idea", text=text)
    assert response.status_code == 422
    page = page_text(response)
    assert "Please rephrase: “bob smith” is not allowed in ideas here." in readable_text(page)
    (form,) = [form for form in forms_in(page) if form.button == "Add idea"]
    # What they wrote is kept, to rephrase (a browser drops the newline that opens a textarea).
    assert ("text", "\r\n" + text) in form.fields
    assert idea_count() == 0


def test_a_word_that_only_contains_a_filtered_one_goes_through(client, room):
    response = press(client, f"/s/{room.join_code}", "Add idea", text="Ask Bobby Smithers first")
    assert response.status_code == 302
    assert db.session.scalars(select(Idea.text)).all() == ["Ask Bobby Smithers first"]


def test_an_edit_cannot_bring_a_filtered_word_in(client, room):
    room_url = f"/s/{room.join_code}"
    press(client, room_url, "Add idea", text="Ask the manager first")
    idea = db.session.scalars(select(Idea)).one()
    response = press(
        client, f"{room_url}/ideas/{idea.public_id}/edit", "Save", text="Ask Bob Smith first"
    )
    assert response.status_code == 422
    assert "Please rephrase: “bob smith” is not allowed in ideas here." in readable_text(
        page_text(response)
    )
    db.session.expire_all()
    assert db.session.get(Idea, idea.id).text == "Ask the manager first"
