"""Rate limits on staff logins, keyed by the email tried so that shared office IPs are spared."""

from flask import current_app, request

from feedback_app.extensions import limiter


def _attempted_email() -> str:
    """The email a login attempt names, from a form or a JSON body."""
    email = request.form.get("email")
    if email is None:
        body = request.get_json(force=True, silent=True)
        email = body.get("email") if isinstance(body, dict) else None
    return "login:" + (email if isinstance(email, str) else "").strip().lower()


def login_limits(view):
    """Limit login attempts per email address and, more generously, per client address."""
    per_email = limiter.limit(
        lambda: current_app.config["LOGIN_RATE_LIMIT"],
        key_func=_attempted_email,
        methods=["POST"],
        error_message="Too many login attempts for this account; wait a few minutes.",
    )
    per_address = limiter.limit(
        lambda: current_app.config["LOGIN_RATE_LIMIT_PER_ADDRESS"],
        methods=["POST"],
        error_message="Too many login attempts from this network; wait a minute.",
    )
    return per_address(per_email(view))
