"""Anonymous participation: joining by code and recognising a returning participant."""

import hashlib
import hmac
import secrets

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from feedback_app import messages
from feedback_app.errors import Conflict, ValidationFailed
from feedback_app.extensions import db
from feedback_app.models import BallotCard, BrainstormSession, Participant
from feedback_app.services import ballots, events
from feedback_app.services.levels import get_level
from feedback_app.services.sessions import find_session_by_code, get_session
from feedback_app.services.teams import get_team

TOKEN_BYTES = 32  # 256 bits


def hash_token(token: str) -> str:
    """Key the hash with the app secret so a leaked table cannot be matched to tokens."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, token.encode(), hashlib.sha256).hexdigest()


def offered_levels(session: BrainstormSession):
    """Levels a participant may say they belong to in this session."""
    return [level for level in session.contributing_levels if not level.retired]


def session_for_code(code: str) -> tuple[BrainstormSession, BallotCard | None]:
    """The session a code opens: a ballot card's session (with the card), or the session whose
    join code it is (NotFound otherwise)."""
    card = ballots.find_card(code)
    if card is None:
        return find_session_by_code(code), None
    return get_session(card.session_id), card


def refusal(session: BrainstormSession, card: BallotCard | None) -> Conflict | None:
    """Why this code would let nobody in now, or None."""
    if session.phase == "closed":
        return Conflict(messages.SESSION_CLOSED, code="session_closed")
    if not session.joining_open:
        late = session.phase in ("voting", "results")
        message = messages.JOINING_CLOSED_VOTING if late else messages.JOINING_CLOSED
        return Conflict(message, code="joining_closed")
    if session.ballot_cards and card is None:
        return Conflict(messages.BALLOT_CARD_NEEDED, code="ballot_card_needed")
    if card is not None and card.used:
        return Conflict(messages.BALLOT_CARD_USED, code="ballot_card_used")
    return None


def join_session(
    code: str, level_id: int | None = None, team_id: int | None = None
) -> tuple[Participant, str]:
    """Admit a new anonymous participant by the session's code, or by a ballot card's code.

    Returns the participant and their secret token. With ballot cards, the session's own code
    lets nobody in; each card lets one person in, once (marked used in the same transaction).
    The level and the team are optional and self-declared.
    """
    session, card = session_for_code(code)
    problem = refusal(session, card)
    if problem is not None:
        raise problem
    level = _offered_level(session, level_id)
    team = get_team(team_id) if team_id is not None else None
    if card is not None and not ballots.use_card(card):
        raise Conflict(messages.BALLOT_CARD_USED, code="ballot_card_used")
    return admit(session, level, team)


def _offered_level(session: BrainstormSession, level_id: int | None):
    if level_id is None:
        return None
    level = get_level(level_id)
    if level not in offered_levels(session):
        raise ValidationFailed(
            messages.LEVEL_NOT_FOUND, fields={"level_id": messages.LEVEL_NOT_FOUND}
        )
    return level


def admit(session: BrainstormSession, level=None, team=None) -> tuple[Participant, str]:
    """Create the participant and their token (whatever let them in has been checked)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    participant = Participant(
        session_id=session.id,
        token_hash=hash_token(token),
        level_id=level.id if level else None,
        team_id=team.id if team else None,
    )
    db.session.add(participant)
    db.session.commit()
    events.signal(session.id, events.PARTICIPANTS)
    return participant, token


def participant_for_token(token: str | None, session_id: int | None = None) -> Participant | None:
    """Return the participant holding this token (in this session, if given), or None."""
    if not token or len(token) > 128:
        return None
    query = (
        select(Participant)
        .where(Participant.token_hash == hash_token(token))
        .options(joinedload(Participant.session))  # what voting needs, in the same query
    )
    if session_id is not None:
        query = query.where(Participant.session_id == session_id)
    return db.session.scalar(query)
