"""Voting service: one vote per participant and idea, whatever the clicks or races."""

import threading

import pytest
from sqlalchemy import func, select

from feedback_app.errors import NotFound, WrongPhase
from feedback_app.extensions import db
from feedback_app.models import Vote
from feedback_app.services.ideas import get_idea
from feedback_app.services.moderation import set_idea_status
from feedback_app.services.participation import participant_for_token
from feedback_app.services.phases import change_phase
from feedback_app.services.voting import cast_vote, remove_vote
from tests.factories import add_ideas, join, make_session


def _votes_on(idea_id: int) -> int:
    return db.session.scalar(select(func.count(Vote.id)).where(Vote.idea_id == idea_id))


@pytest.fixture
def voting_session(app):
    session = make_session(phase="collecting")
    ideas = add_ideas(session, "Greet within ten seconds", "Refund without receipt")
    voter, token = join(session)
    change_phase(session, "voting")
    return session, ideas, voter, token


def test_a_second_vote_is_not_counted(voting_session):
    _, (idea, _), voter, _ = voting_session
    assert cast_vote(idea, voter) is True
    assert cast_vote(idea, voter) is False
    assert _votes_on(idea.id) == 1


def test_removing_a_vote_and_voting_again(voting_session):
    _, (idea, _), voter, _ = voting_session
    cast_vote(idea, voter)
    assert remove_vote(idea, voter) is True
    assert remove_vote(idea, voter) is False
    assert _votes_on(idea.id) == 0
    assert cast_vote(idea, voter) is True
    assert _votes_on(idea.id) == 1


def test_votes_only_while_voting(voting_session):
    session, (idea, _), voter, _ = voting_session
    change_phase(session, "results")
    with pytest.raises(WrongPhase):
        cast_vote(idea, voter)
    with pytest.raises(WrongPhase):
        remove_vote(idea, voter)


def test_hidden_ideas_and_other_sessions_cannot_be_voted_on(voting_session):
    _, (idea, other_idea), voter, _ = voting_session
    set_idea_status(other_idea, "hidden")
    with pytest.raises(NotFound):
        cast_vote(other_idea, voter)
    outsider_session = make_session(phase="voting")
    outsider, _ = join(outsider_session)
    with pytest.raises(NotFound):
        cast_vote(idea, outsider)


def test_concurrent_double_clicks_record_exactly_one_vote(app, voting_session):
    """Eight simultaneous requests for the same vote: the database keeps exactly one."""
    _, (idea, _), _, token = voting_session
    idea_id, session_id = idea.id, idea.session_id
    barrier = threading.Barrier(8)
    results, errors = [], []

    def click():
        with app.app_context():
            try:
                voter = participant_for_token(token, session_id)
                target = get_idea(idea_id)
                barrier.wait()
                results.append(cast_vote(target, voter))
            except Exception as error:  # surfaced by the assertion below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=click) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert results.count(True) == 1
    assert _votes_on(idea_id) == 1
