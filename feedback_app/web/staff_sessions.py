"""Staff sessions: logged out after STAFF_IDLE_TIMEOUT without a request; a forced password
change (after an admin's reset) comes before anything else. Participants are not affected."""

import time

from flask import Flask, current_app, flash, redirect, request, session, url_for
from flask_login import current_user, logout_user

from feedback_app import messages
from feedback_app.services.login_throttle import wait_text

SEEN_KEY = "staff_seen"
LOGIN_KEY = "_user_id"  # Flask-Login's key: present only in a staff member's cookie
# Reachable while a password change is forced.
CHANGE_PASSWORD_ENDPOINTS = {"auth.change_password", "auth.logout", "static"}
UNGUARDED_ENDPOINTS = {"static", "health.healthz", "health.readyz"}


def mark_active() -> None:
    """Start (or continue) the idle clock of the staff member in this cookie."""
    session[SEEN_KEY] = round(time.time(), 1)


def _idle_for_too_long() -> bool:
    timeout = current_app.config["STAFF_IDLE_TIMEOUT"]
    seen = session.get(SEEN_KEY)
    return bool(timeout) and isinstance(seen, int | float) and time.time() - seen > timeout


def init_app(app: Flask) -> None:
    """Check every staff page request (the API uses bearer tokens, not this cookie)."""

    @app.before_request
    def guard_staff_session():
        if request.endpoint in UNGUARDED_ENDPOINTS or request.path.startswith("/api/"):
            return None
        if LOGIN_KEY not in session:
            return None
        if _idle_for_too_long():
            logout_user()
            session.pop(SEEN_KEY, None)
            idle = wait_text(current_app.config["STAFF_IDLE_TIMEOUT"])
            flash(messages.IDLE_LOGGED_OUT.format(idle=idle), "info")
            target = request.full_path.rstrip("?") if request.method == "GET" else None
            return redirect(url_for("auth.login", next=target))
        mark_active()
        needs_change = current_user.is_authenticated and current_user.must_change_password
        if needs_change and request.endpoint not in CHANGE_PASSWORD_ENDPOINTS:
            return redirect(url_for("auth.change_password"))
        return None
