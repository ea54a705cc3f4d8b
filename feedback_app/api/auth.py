"""Bearer authentication for staff and participants; permission checks in one place."""

from flask import request

from feedback_app import messages
from feedback_app.errors import Forbidden, Unauthorized
from feedback_app.models import Participant, User
from feedback_app.services.accounts import user_for_api_token
from feedback_app.services.participation import participant_for_token


def bearer_token() -> str:
    """Return the token of an 'Authorization: Bearer' header or raise 401."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        raise Unauthorized(messages.TOKEN_MISSING)
    return token.strip()


def current_caller() -> User | Participant:
    """Identify the caller as a staff user or a participant, or raise 401."""
    token = bearer_token()
    user = user_for_api_token(token) if "." in token else None
    if user is not None:
        return user
    participant = participant_for_token(token)
    if participant is not None:
        return participant
    raise Unauthorized(messages.TOKEN_INVALID)


def require_staff(*roles: str) -> User:
    """Return the staff caller (optionally of one of the roles) or raise 401/403."""
    caller = current_caller()
    if not isinstance(caller, User):
        raise Forbidden(messages.STAFF_ONLY)
    if roles and caller.role not in roles:
        raise Forbidden(messages.STAFF_ONLY)
    return caller


def require_participant(session_id: int | None = None) -> Participant:
    """Return the participant caller (of this session, if given) or raise 401/403."""
    caller = current_caller()
    if not isinstance(caller, Participant):
        raise Forbidden(messages.PARTICIPANT_ONLY)
    if session_id is not None and caller.session_id != session_id:
        raise Forbidden(messages.PARTICIPANT_ONLY)
    return caller
