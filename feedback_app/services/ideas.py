"""Ideas: the rules for their text, adding, editing, withdrawing and moderating them."""

import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from feedback_app import messages
from feedback_app.clock import floor_to_minute, utc_now
from feedback_app.errors import Forbidden, NotFound, ValidationFailed, WrongPhase
from feedback_app.extensions import db
from feedback_app.models import BrainstormSession, Idea, IdeaStatus, Participant, Vote
from feedback_app.models.ideas import IDEA_MAX, IDEA_MIN
from feedback_app.services import events
from feedback_app.services.characters import visible_length
from feedback_app.services.sessions import lock_session

# Bidirectional overrides can make a harmless-looking idea render as something else.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


@dataclass(frozen=True)
class ParticipantIdea:
    """An idea as one participant sees it (no counts while voting is open)."""

    id: int
    text: str
    mine: bool
    voted: bool


@dataclass(frozen=True)
class StaffIdea:
    """An idea as a facilitator sees it, with status and vote count."""

    id: int
    text: str
    status: str
    votes: int
    created_at: datetime


def clean_idea_text(text: str) -> str:
    """Trim an idea and enforce its length and character rules."""
    if not isinstance(text, str):
        raise ValidationFailed(messages.IDEA_TOO_SHORT.format(min=IDEA_MIN), fields={"text": ""})
    cleaned = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    problem = None
    if any(_is_forbidden_char(ch) for ch in cleaned):
        problem = messages.IDEA_CONTROL_CHARS
    elif visible_length(cleaned) < IDEA_MIN:  # zero-width characters alone are not an idea
        problem = messages.IDEA_TOO_SHORT.format(min=IDEA_MIN)
    elif len(cleaned) > IDEA_MAX:
        problem = messages.IDEA_TOO_LONG.format(max=IDEA_MAX)
    if problem:
        raise ValidationFailed(problem, fields={"text": problem})
    return cleaned


def _is_forbidden_char(ch: str) -> bool:
    return (ch != "\n" and unicodedata.category(ch) == "Cc") or ch in _BIDI_CONTROLS


def get_idea(idea_id: int) -> Idea:
    """Return an idea or raise NotFound."""
    idea = db.session.get(Idea, idea_id)
    if idea is None:
        raise NotFound(messages.IDEA_NOT_FOUND)
    return idea


def _require_phase(session_id: int, phase: str, message: str) -> BrainstormSession:
    session = lock_session(session_id)
    if session.phase != phase:
        db.session.rollback()
        raise WrongPhase(message)
    return session


def add_idea(session: BrainstormSession, participant: Participant, text: str) -> Idea:
    """Record a participant's idea while the session is collecting."""
    cleaned = clean_idea_text(text)
    if participant.session_id != session.id:
        raise Forbidden(messages.PARTICIPANT_ONLY)
    _require_phase(session.id, "collecting", messages.IDEAS_CLOSED)
    idea = Idea(
        session_id=session.id,
        participant_id=participant.id,
        text=cleaned,
        status=IdeaStatus.VISIBLE.value,
        created_at=floor_to_minute(utc_now()),
    )
    db.session.add(idea)
    db.session.commit()
    events.publish(events.IDEA_ADDED, session.id, idea_id=idea.id)
    return idea


def _own_idea(idea: Idea, participant: Participant) -> None:
    if idea.participant_id != participant.id:
        raise Forbidden(messages.IDEA_NOT_YOURS)


def edit_idea(idea: Idea, participant: Participant, text: str) -> Idea:
    """Let an author reword their idea while ideas are being collected."""
    cleaned = clean_idea_text(text)
    _own_idea(idea, participant)
    _require_phase(idea.session_id, "collecting", messages.EDITS_CLOSED)
    idea.text = cleaned
    db.session.commit()
    events.publish(events.IDEA_CHANGED, idea.session_id, idea_id=idea.id)
    return idea


def withdraw_idea(idea: Idea, participant: Participant) -> None:
    """Delete an author's own idea (and any votes on it) while collecting."""
    _own_idea(idea, participant)
    _require_phase(idea.session_id, "collecting", messages.EDITS_CLOSED)
    session_id, idea_id = idea.session_id, idea.id
    db.session.delete(idea)
    db.session.commit()
    events.publish(events.IDEA_WITHDRAWN, session_id, idea_id=idea_id)


def set_idea_status(idea: Idea, status: str) -> Idea:
    """Hide an idea from participants and rankings, or show it again."""
    if status not in {s.value for s in IdeaStatus}:
        raise ValidationFailed("Unknown status.", fields={"status": "Use visible or hidden."})
    idea.status = status
    db.session.commit()
    events.publish(events.IDEA_CHANGED, idea.session_id, idea_id=idea.id, status=status)
    return idea


def visible_ideas(session: BrainstormSession) -> list[Idea]:
    """The ideas participants can see, oldest first: what gets clustered and ranked."""
    query = select(Idea).where(
        Idea.session_id == session.id, Idea.status == IdeaStatus.VISIBLE.value
    )
    return list(db.session.scalars(query.order_by(Idea.id)))


def visible_idea_count(session: BrainstormSession) -> int:
    """How many ideas participants can see (counted in the database, not loaded)."""
    query = select(func.count(Idea.id)).where(
        Idea.session_id == session.id, Idea.status == IdeaStatus.VISIBLE.value
    )
    return db.session.scalar(query)


def _personal_order_key(participant: Participant, idea_id: int) -> str:
    """A stable shuffle unique to each participant, so no idea always comes first."""
    return hashlib.sha256(f"{participant.token_hash}:{idea_id}".encode()).hexdigest()


def ideas_for_participant(
    session: BrainstormSession, participant: Participant
) -> list[ParticipantIdea]:
    """Visible ideas in this participant's own random order, marking their ideas and votes."""
    ideas = db.session.execute(
        select(Idea.id, Idea.text, Idea.participant_id).where(
            Idea.session_id == session.id, Idea.status == IdeaStatus.VISIBLE.value
        )
    ).all()
    voted = set(
        db.session.scalars(
            select(Vote.idea_id)
            .join(Idea)
            .where(Vote.participant_id == participant.id, Idea.session_id == session.id)
        )
    )
    ordered = sorted(ideas, key=lambda row: _personal_order_key(participant, row.id))
    return [
        ParticipantIdea(row.id, row.text, row.participant_id == participant.id, row.id in voted)
        for row in ordered
    ]


def idea_for_participant(idea: Idea, participant: Participant) -> ParticipantIdea:
    """One idea as this participant sees it, without loading the rest of the room."""
    voted = db.session.scalar(
        select(Vote.id).where(Vote.idea_id == idea.id, Vote.participant_id == participant.id)
    )
    return ParticipantIdea(
        idea.id, idea.text, idea.participant_id == participant.id, voted is not None
    )


def ideas_for_staff(session: BrainstormSession) -> list[StaffIdea]:
    """Every idea of the session, oldest first, with status and vote totals."""
    votes = func.coalesce(func.sum(Vote.value), 0)
    rows = db.session.execute(
        select(Idea.id, Idea.text, Idea.status, Idea.created_at, votes.label("votes"))
        .outerjoin(Vote, Vote.idea_id == Idea.id)
        .where(Idea.session_id == session.id)
        .group_by(Idea.id)
        .order_by(Idea.created_at, Idea.id)
    ).all()
    return [StaffIdea(r.id, r.text, r.status, int(r.votes), r.created_at) for r in rows]
