"""Voting: one upvote per participant and idea, safe under double clicks and races."""

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from feedback_app import messages
from feedback_app.errors import NotFound, WrongPhase
from feedback_app.extensions import db
from feedback_app.models import Idea, IdeaStatus, Participant, Vote
from feedback_app.services import events
from feedback_app.services.phases import lock_session


def _check_can_vote(idea: Idea, participant: Participant) -> None:
    if idea.session_id != participant.session_id or idea.status != IdeaStatus.VISIBLE.value:
        raise NotFound(messages.IDEA_NOT_FOUND)
    session = lock_session(idea.session_id)
    if session.phase != "voting":
        db.session.rollback()
        raise WrongPhase(messages.VOTING_CLOSED)


def cast_vote(idea: Idea, participant: Participant) -> bool:
    """Vote for an idea; return True if a new vote was recorded, False if it already existed."""
    _check_can_vote(idea, participant)
    existing = select(Vote).where(Vote.idea_id == idea.id, Vote.participant_id == participant.id)
    vote = db.session.scalar(existing)
    if vote is not None:  # voting again keeps one vote, for the idea's current wording
        vote.idea_version = idea.version
        db.session.commit()
        return False
    try:
        with db.session.begin_nested():
            db.session.add(
                Vote(
                    idea_id=idea.id,
                    participant_id=participant.id,
                    value=1,
                    idea_version=idea.version,
                )
            )
        db.session.commit()
    except IntegrityError:  # a concurrent request won the race: still exactly one vote
        db.session.rollback()
        return False
    events.signal(idea.session_id, events.VOTES, {"idea_ids": [idea.id]})
    return True


def remove_vote(idea: Idea, participant: Participant) -> bool:
    """Take a vote back; return True if there was one."""
    _check_can_vote(idea, participant)
    result = db.session.execute(
        delete(Vote).where(Vote.idea_id == idea.id, Vote.participant_id == participant.id)
    )
    db.session.commit()
    removed = result.rowcount > 0
    if removed:
        events.signal(idea.session_id, events.VOTES, {"idea_ids": [idea.id]})
    return removed
