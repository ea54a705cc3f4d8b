"""Rate limits for floods, keyed so that a real room behind one office NAT is never locked out.

- `join_limits`: joins per client address, with a generous ceiling (JOIN_RATE_LIMIT_PER_ADDRESS:
  a room of 1,000 behind one NAT joins well within it);
- `survey_limits`: survey answers per client address (SURVEY_RATE_LIMIT_PER_ADDRESS), the
  public answer page and the API sharing one count;
- `participant_limits("30 per minute")`: per participant (their bearer token or this browser's
  participant cookie), never per address; requests without either are left to the view.

Staff logins are throttled by feedback_app.services.login_throttle (failures only). Counts live
in RATELIMIT_STORAGE_URI (memory, or Redis shared by every worker and instance); keys hold a
keyed hash of the address or token, never the value itself.
"""

import hashlib
import hmac

from flask import current_app, request
from flask import session as cookie

from feedback_app.extensions import limiter

# The cookie key of feedback_app.participate.tokens (not imported: that package imports us).
COOKIE_KEY = "participations"


def keyed(kind: str, value: str) -> str:
    """A value as a keyed hash, so the limiter's store never holds an address or a token."""
    secret = current_app.config["SECRET_KEY"].encode()
    digest = hmac.new(secret, f"{kind}\x1f{value}".encode(), hashlib.sha256).hexdigest()
    return f"{kind}:{digest[:32]}"


def client_address_key() -> str:
    """The client's address (behind TRUSTED_PROXIES, the real one), as a keyed hash."""
    return keyed("address", request.remote_addr or "")


def _participant_credential() -> str | None:
    """The participant's bearer token, or the tokens this browser holds, or None."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    held = cookie.get(COOKIE_KEY) if COOKIE_KEY in cookie else None
    if isinstance(held, dict) and held:
        tokens = (
            value.get("token") if isinstance(value, dict) else value for value in held.values()
        )
        return "|".join(sorted(str(token) for token in tokens))
    return None


def participant_key() -> str:
    """One participant (or one browser's participations), as a keyed hash."""
    return keyed("participant", _participant_credential() or "")


def join_limits(view):
    """Limit joins per client address, generously; the web and the API share one count."""
    return limiter.shared_limit(
        lambda: current_app.config["JOIN_RATE_LIMIT_PER_ADDRESS"],
        scope="join",
        key_func=client_address_key,
        methods=["POST"],
        error_message="Too many people joined from this network just now; wait a minute.",
    )(view)


def survey_limits(view):
    """Limit survey answers per client address; the answer page and the API share one count."""
    return limiter.shared_limit(
        lambda: current_app.config["SURVEY_RATE_LIMIT_PER_ADDRESS"],
        scope="survey",
        key_func=client_address_key,
        methods=["POST"],
        error_message="Too many answers came from this network just now; wait a few minutes.",
    )(view)


def participant_limits(limit: str | None = None):
    """Limit a participant's writes per participant, e.g. `@participant_limits("30 per minute")`.

    Without an argument the limit is PARTICIPANT_RATE_LIMIT. Only POST, PATCH, PUT and DELETE
    count; a request that carries no participant credential is not limited here (the view
    answers 401 or sends it to the join page).
    """

    def decorator(view):
        return limiter.limit(
            (lambda: limit) if limit else (lambda: current_app.config["PARTICIPANT_RATE_LIMIT"]),
            key_func=participant_key,
            methods=["POST", "PATCH", "PUT", "DELETE"],
            exempt_when=lambda: _participant_credential() is None,
            error_message="You are going a bit fast; wait a few seconds and try again.",
        )(view)

    return decorator


def _team_link_key() -> str:
    return keyed("team-link", (request.view_args or {}).get("token", ""))


def team_link_limits(view):
    """Limit proposals from a team page per team link (PARTICIPANT_RATE_LIMIT), as ideas are
    limited per participant; viewing the page is not limited."""
    return limiter.limit(
        lambda: current_app.config["PARTICIPANT_RATE_LIMIT"],
        key_func=_team_link_key,
        methods=["POST"],
        error_message="You are going a bit fast; wait a few seconds and try again.",
    )(view)
