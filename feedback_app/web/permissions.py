"""Permission helpers for the web views: the shared rules of services.access, for current_user."""

from functools import wraps

from flask_login import current_user, login_required

from feedback_app import messages
from feedback_app.errors import Forbidden
from feedback_app.models import BrainstormSession
from feedback_app.services import access


def role_required(*roles: str):
    """Require a logged-in staff member with one of the roles."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                raise Forbidden(_refusal(roles))
            return view(*args, **kwargs)

        return wrapped

    return decorator


def _refusal(roles: tuple[str, ...]) -> str:
    if roles == ("admin",):
        return messages.ADMIN_ONLY
    if set(roles) == {"manager", "admin"}:
        return messages.MANAGERS_ONLY
    return messages.STAFF_ONLY


def viewable_session(session_id: int) -> BrainstormSession:
    """The session, if the logged-in staff member may see it (else 404/403)."""
    return access.viewable_session(current_user, session_id)


def managed_session(session_id: int) -> BrainstormSession:
    """The session, if the logged-in staff member may run it (else 404/403)."""
    return access.managed_session(current_user, session_id)
