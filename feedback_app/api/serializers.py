"""JSON shapes of the API resources."""

from feedback_app.models import BrainstormSession, Level
from feedback_app.services.ideas import ParticipantIdea, StaffIdea
from feedback_app.services.sessions import allowed_phase_moves
from feedback_app.urls import join_url


def level_json(level: Level) -> dict:
    """A level."""
    return {
        "id": level.id,
        "name": level.name,
        "position": level.position,
        "retired": level.retired,
    }


def session_json(session: BrainstormSession) -> dict:
    """A session as staff see it."""
    return {
        "id": session.id,
        "title": session.title,
        "prompt": session.prompt,
        "target_level_id": session.target_level_id,
        "target_level": session.target_level.name,
        "contributing_level_ids": [level.id for level in session.contributing_levels],
        "voting_mode": session.voting_mode,
        "phase": session.phase,
        "allowed_phases": list(allowed_phase_moves(session)),
        "join_code": session.join_code,
        "join_url": join_url(session.join_code),
        "results_public": session.results_public,
        "owner_id": session.owner_id,
        "created_at": session.created_at.isoformat(timespec="minutes") + "Z",
    }


def participant_session_json(session: BrainstormSession) -> dict:
    """A session as a participant sees it: no owner, no code management."""
    return {
        "id": session.id,
        "title": session.title,
        "prompt": session.prompt,
        "phase": session.phase,
        "voting_mode": session.voting_mode,
        "results_public": session.results_public,
    }


def participant_idea_json(idea: ParticipantIdea) -> dict:
    """An idea in a participant's list."""
    return {"id": idea.id, "text": idea.text, "mine": idea.mine, "voted": idea.voted}


def staff_idea_json(idea: StaffIdea) -> dict:
    """An idea in a facilitator's list."""
    return {
        "id": idea.id,
        "text": idea.text,
        "status": idea.status,
        "votes": idea.votes,
        "created_at": idea.created_at.isoformat(timespec="minutes") + "Z",
    }
