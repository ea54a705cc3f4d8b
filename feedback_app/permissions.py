"""Permission decorators for the web views, in one place."""

from functools import wraps

from flask_login import current_user, login_required

from feedback_app import messages
from feedback_app.errors import Forbidden


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
