"""Participation service: joining by code and recognising returning participants."""

import pytest

from feedback_app.errors import Conflict, NotFound, ValidationFailed
from feedback_app.services import participation
from feedback_app.services.phases import change_phase
from feedback_app.services.sessions import set_joining_open
from tests.factories import join, level_named, make_session, move_to


def test_join_returns_a_secret_token_that_is_stored_only_as_a_keyed_hash(app):
    session = make_session()
    participant, token = join(session)
    assert len(token) >= 43  # 256 bits, URL-safe base64
    assert participant.token_hash != token
    assert token not in participant.token_hash
    assert participant.token_hash == participation.hash_token(token)
    app.config["SECRET_KEY"] = "another secret"
    assert participation.hash_token(token) != participant.token_hash


def test_token_finds_its_participant_only_in_its_session(app):
    session, other = make_session(), make_session()
    participant, token = join(session)
    assert participation.participant_for_token(token).id == participant.id
    assert participation.participant_for_token(token, session.id).id == participant.id
    assert participation.participant_for_token(token, other.id) is None
    assert participation.participant_for_token("not-a-token") is None
    assert participation.participant_for_token("") is None


def test_level_is_optional_but_must_be_invited(app):
    supervisor, executive = level_named("Supervisor"), level_named("Executive")
    session = make_session(contributing_level_ids=[supervisor.id])
    assert join(session)[0].level_id is None
    assert join(session, supervisor.id)[0].level_id == supervisor.id
    with pytest.raises(ValidationFailed):
        join(session, executive.id)


def test_unknown_code_and_closed_session(app):
    with pytest.raises(NotFound):
        participation.join_session("ABCDEF")
    session = move_to(make_session(), "closed")
    with pytest.raises(Conflict):
        join(session)
    change_phase(session, "results")  # reopened, but voting closed joining on the way
    with pytest.raises(Conflict) as caught:
        join(session)
    assert caught.value.code == "joining_closed"
    set_joining_open(session, True)  # the facilitator lets people come back
    assert join(session)[0].session_id == session.id
