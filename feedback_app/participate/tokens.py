"""Participant tokens kept in the signed, HttpOnly, SameSite=Lax session cookie.

Each entry expires PARTICIPANT_COOKIE_HOURS after the last visit to its session, so a shared
phone or kiosk does not hand the next person someone else's place for weeks; "Leave this
session" and a closed session forget an entry at once.
"""

import time

from flask import current_app
from flask import session as cookie

COOKIE_KEY = "participations"
MAX_REMEMBERED = 20  # keeps the cookie small for people who join many sessions


def _lifetime_s() -> int:
    return int(current_app.config["PARTICIPANT_COOKIE_HOURS"] * 3600)


def _live_entries(now: float) -> dict[str, dict]:
    """This browser's entries that have not expired (entries from before expiry start now)."""
    entries = {}
    for key, value in dict(cookie.get(COOKIE_KEY) or {}).items():
        if isinstance(value, str):  # written before entries expired: give it a full lifetime
            value = {"token": value, "until": int(now) + _lifetime_s()}
        if isinstance(value, dict) and value.get("until", 0) > now and value.get("token"):
            entries[key] = dict(value)  # a copy: changes are stored by _store, never in place
    return entries


def _store(entries: dict[str, dict]) -> None:
    if entries:
        cookie[COOKIE_KEY] = dict(list(entries.items())[-MAX_REMEMBERED:])
        cookie.permanent = True
    else:
        cookie.pop(COOKIE_KEY, None)


def remember_token(session_id: int, token: str) -> None:
    """Store this browser's token for a session, so a returning participant keeps their ideas."""
    now = time.time()
    entries = _live_entries(now)
    entries.pop(str(session_id), None)
    entries[str(session_id)] = {"token": token, "until": int(now) + _lifetime_s()}
    _store(entries)


def token_for(session_id: int) -> str | None:
    """The token this browser holds for a session, if any; holding it renews its expiry."""
    now = time.time()
    held = cookie.get(COOKIE_KEY) or {}
    entries = _live_entries(now)
    entry = entries.get(str(session_id))
    if entry is not None:
        entry["until"] = int(now) + _lifetime_s()
    if entries != held:
        _store(entries)
    return entry["token"] if entry else None


def forget_token(session_id: int) -> bool:
    """Forget this browser's place in a session; whether it held one."""
    entries = _live_entries(time.time())
    if entries.pop(str(session_id), None) is None:
        return False
    _store(entries)
    return True
