"""Anonymous participation: joining by code and recognising a returning participant."""

import hashlib
import hmac
import secrets

from flask import current_app
from sqlalchemy import select

from feedback_app import messages
from feedback_app.errors import Conflict, ValidationFailed
from feedback_app.extensions import db
from feedback_app.models import BrainstormSession, Participant
from feedback_app.services import events
from feedback_app.services.levels import get_level
from feedback_app.services.sessions import find_session_by_code

TOKEN_BYTES = 32  # 256 bits


def hash_token(token: str) -> str:
    """Key the hash with the app secret so a leaked table cannot be matched to tokens."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


def _check_joinable(session: BrainstormSession) -> None:
    if session.phase == "closed":
        raise Conflict(messages.SESSION_CLOSED, code="session_closed")
    if not session.joining_open:
        raise Conflict(messages.JOINING_CLOSED, code="joining_closed")


def offered_levels(session: BrainstormSession):
    """Levels a participant may say they belong to in this session."""
    return [level for level in session.contributing_levels if not level.retired]


def join_session(code: str, level_id: int | None = None) -> tuple[Participant, str]:
    """Admit a new anonymous participant and return them with their secret token."""
    session = find_session_by_code(code)
    _check_joinable(session)
    level = None
    if level_id is not None:
        level = get_level(level_id)
        if level not in offered_levels(session):
            raise ValidationFailed(
                messages.LEVEL_NOT_FOUND, fields={"level_id": messages.LEVEL_NOT_FOUND}
            )
    token = secrets.token_urlsafe(TOKEN_BYTES)
    participant = Participant(
        session_id=session.id, token_hash=hash_token(token), level_id=level.id if level else None
    )
    db.session.add(participant)
    db.session.commit()
    events.signal(session.id, events.PARTICIPANTS)
    return participant, token


def participant_for_token(token: str | None, session_id: int | None = None) -> Participant | None:
    """Return the participant holding this token (in this session, if given), or None."""
    if not token or len(token) > 128:
        return None
    query = select(Participant).where(Participant.token_hash == hash_token(token))
    if session_id is not None:
        query = query.where(Participant.session_id == session_id)
    return db.session.scalar(query)
