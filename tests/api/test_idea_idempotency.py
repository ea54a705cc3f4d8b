"""Retry-safe idea submission: an Idempotency-Key gives one idea however often it is sent."""

import pytest
from sqlalchemy import func, select

from feedback_app.extensions import db
from feedback_app.models import Idea, IdeaSubmission
from feedback_app.services.phases import change_phase
from tests.factories import join, make_session, make_user


@pytest.fixture
def room(api):
    """A collecting session and two participants' tokens."""
    session = make_session(make_user(), phase="collecting")
    return session, join(session)[1], join(session)[1]


def add(api, session, token, text, key=None):
    headers = {"Idempotency-Key": key} if key is not None else {}
    return api.call(
        "POST", f"/api/v1/sessions/{session.id}/ideas", token, json={"text": text}, headers=headers
    )


def idea_count(session) -> int:
    return db.session.scalar(select(func.count(Idea.id)).where(Idea.session_id == session.id))


def test_the_same_key_twice_gives_one_idea_and_the_same_answer(api, room):
    session, alice, _ = room
    first = add(api, session, alice, "Greet every customer by name", key="retry-1")
    again = add(api, session, alice, "Greet every customer by name", key="retry-1")
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json == first.json
    assert idea_count(session) == 1


def test_a_retry_after_collecting_ended_still_gets_its_idea(api, room):
    """The answer was lost and the phase moved on: the retry learns the idea went in."""
    session, alice, _ = room
    first = add(api, session, alice, "Offer a callback before closing", key="late-retry")
    change_phase(session, "voting")
    again = add(api, session, alice, "Offer a callback before closing", key="late-retry")
    assert again.status_code == 200
    assert again.json["id"] == first.json["id"]
    fresh = add(api, session, alice, "Offer a callback before closing", key="another-key")
    assert fresh.status_code == 409


def test_a_key_reused_for_a_different_idea_is_refused_and_changes_nothing(api, room):
    session, alice, _ = room
    add(api, session, alice, "Smile when you greet", key="k-1")
    response = add(api, session, alice, "Something else entirely", key="k-1")
    assert response.status_code == 422
    assert "different idea" in response.json["error"]["fields"]["Idempotency-Key"]
    assert [idea.text for idea in db.session.scalars(select(Idea))] == ["Smile when you greet"]


def test_keys_belong_to_one_participant(api, room):
    session, alice, bob = room
    assert add(api, session, alice, "Same words, two people", key="shared").status_code == 201
    assert add(api, session, bob, "Same words, two people", key="shared").status_code == 201
    assert idea_count(session) == 2


def test_without_a_key_every_submission_is_a_new_idea(api, room):
    session, alice, _ = room
    assert add(api, session, alice, "Say thank you").status_code == 201
    assert add(api, session, alice, "Say thank you").status_code == 201
    assert idea_count(session) == 2


@pytest.mark.parametrize("key", ["", "x" * 256, "tab\there", "é-accent"])
def test_a_key_that_cannot_be_one_is_422_and_adds_nothing(api, room, key):
    session, alice, _ = room
    response = add(api, session, alice, "Listen before answering", key=key)
    assert response.status_code == 422
    assert "Idempotency-Key" in response.json["error"]["fields"]
    assert idea_count(session) == 0


def test_the_key_is_kept_only_as_keyed_hashes(api, room):
    session, alice, _ = room
    add(api, session, alice, "Check the fix worked", key="my-very-own-key")
    receipt = db.session.scalar(select(IdeaSubmission))
    assert "my-very-own-key" not in receipt.key_hash
    assert len(receipt.key_hash) == len(receipt.text_hash) == 64


def test_withdrawing_the_idea_forgets_its_key(api, room):
    session, alice, _ = room
    idea_id = add(api, session, alice, "Call back within a day", key="k-2").json["id"]
    assert api.call("DELETE", f"/api/v1/ideas/{idea_id}", alice).status_code == 204
    assert db.session.scalar(select(func.count()).select_from(IdeaSubmission)) == 0


def test_the_document_declares_the_header_and_the_replay_answer(api):
    operation = api.call("GET", "/api/openapi.json").json["paths"][
        "/api/v1/sessions/{session_id}/ideas"
    ]["post"]
    assert any(p["name"] == "Idempotency-Key" for p in operation["parameters"])
    assert {"200", "201", "422"} <= set(operation["responses"])
