"""Participant tokens kept in the signed, HttpOnly, SameSite=Lax session cookie."""

from flask import session as cookie

COOKIE_KEY = "participations"
MAX_REMEMBERED = 20  # keeps the cookie small for people who join many sessions


def remember_token(session_id: int, token: str) -> None:
    """Store this browser's token for a session, so a returning participant keeps their ideas."""
    tokens = dict(cookie.get(COOKIE_KEY, {}))
    tokens.pop(str(session_id), None)
    tokens[str(session_id)] = token
    cookie[COOKIE_KEY] = dict(list(tokens.items())[-MAX_REMEMBERED:])
    cookie.permanent = True


def token_for(session_id: int) -> str | None:
    """The token this browser holds for a session, if any."""
    return cookie.get(COOKIE_KEY, {}).get(str(session_id))
