"""Bearer authentication for staff and participants: who is calling, checked before anything else.

The decorators run before the body is read (so a caller without a token learns nothing about
the body's rules), pass the caller to the view as its first argument, and document the bearer
security scheme and the 401/403 answers on the operation.
"""

from functools import wraps

import flask_smorest
from flask import request

from feedback_app import messages
from feedback_app.api.blueprint import errors
from feedback_app.errors import Forbidden, Unauthorized
from feedback_app.models import Participant, User
from feedback_app.services.accounts import user_for_api_token
from feedback_app.services.participation import participant_for_token

BEARER = [{"bearer": []}]
# "Staff" with no role named: everyone but mystery shoppers, who reach only /visits.
STAFF_ROLES = ("admin", "manager", "facilitator")


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


def _staff_caller(*roles: str) -> User:
    caller = current_caller()
    if not isinstance(caller, User) or caller.role not in (roles or STAFF_ROLES):
        raise Forbidden(messages.STAFF_ONLY)
    return caller


def _participant_caller() -> Participant:
    caller = current_caller()
    if not isinstance(caller, Participant):
        raise Forbidden(messages.PARTICIPANT_ONLY)
    return caller


def _with_caller(identify, statuses: tuple[int, ...]):
    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            return view(identify(), *args, **kwargs)

        documented = flask_smorest.Blueprint.doc(security=BEARER)(wrapper)
        return errors(*statuses)(documented)

    return decorator


def staff(*roles: str):
    """The caller must be staff (of one of the roles, if given); the view gets the User."""
    return _with_caller(lambda: _staff_caller(*roles), (401, 403))


participant = _with_caller(_participant_caller, (401, 403))
participant.__doc__ = "The caller must be a participant; the view gets the Participant."

any_caller = _with_caller(current_caller, (401, 403))
any_caller.__doc__ = "Staff or participant; the view gets the caller and decides (401 without)."


def caller_from(identify):
    """The caller is whoever ``identify()`` says (it raises 401 or 403); the view gets it."""
    return _with_caller(identify, (401, 403))


def public(view):
    """No token needed: documented with an empty security requirement."""
    return flask_smorest.Blueprint.doc(security=[])(view)


def staff_unless(open_to_all):
    """Staff only, unless ``open_to_all()`` says anyone may read (then no token is needed);
    the view gets nothing extra."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            if not open_to_all():
                _staff_caller()
            return view(*args, **kwargs)

        documented = flask_smorest.Blueprint.doc(security=[*BEARER, {}])(wrapper)
        return errors(401, 403)(documented)

    return decorator
