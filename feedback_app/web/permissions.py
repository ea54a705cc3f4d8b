"""Permission decorators for the web views, in one place."""

from functools import wraps

from flask_login import current_user, login_required

from feedback_app import messages
from feedback_app.errors import Forbidden
from feedback_app.models import BrainstormSession
from feedback_app.services import sessions as session_service


def role_required(*roles: str):
    """Require a logged-in staff member with one of the roles."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(*args, **kwargs):
            if current_user.role not in roles:
                raise Forbidden(messages.ADMIN_ONLY if roles == ("admin",) else messages.STAFF_ONLY)
            return view(*args, **kwargs)

        return wrapped

    return decorator


def viewable_session(session_id: int) -> BrainstormSession:
    """The session, if the logged-in staff member may see it (else 404/403)."""
    session = session_service.get_session(session_id)
    session_service.ensure_can_view(current_user, session)
    return session


def managed_session(session_id: int) -> BrainstormSession:
    """The session, if the logged-in staff member may run it (else 404/403)."""
    session = session_service.get_session(session_id)
    session_service.ensure_can_manage(current_user, session)
    return session
