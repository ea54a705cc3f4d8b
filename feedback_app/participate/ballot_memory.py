"""What this browser was handed to vote on, kept in its own signed cookie, not on the server.

Fair exposure hands each participant a batch of the least-seen ideas (or a pair) and counts
them shown. The browser remembers its batch so a reload shows the same ideas without counting
them again; the server never records who saw what. One session at a time, a bounded list.
The cookie is signed, not encrypted: it holds the ideas' public ids, never their integer keys.
"""

from flask import session as cookie

from feedback_app.models.public_ids import looks_like_public_id
from feedback_app.services.public_ids import idea_ids, idea_public_ids

COOKIE_KEY = "ballot"
MAX_REMEMBERED = 300  # ten batches of 30: a few kilobytes at most


def _entry(session_id: int) -> dict:
    entry = cookie.get(COOKIE_KEY) or {}
    return entry if entry.get("session") == session_id else {}


def _ids(text: str | None) -> list[int]:
    """The ideas named in the cookie that still exist, as internal ids."""
    named = [part for part in (text or "").split(".") if looks_like_public_id(part)]
    return idea_ids(named, skip_unknown=True)


def _text(ids: list[int]) -> str:
    return ".".join(idea_public_ids(ids))


def _store(session_id: int, **values) -> None:
    entry = _entry(session_id) | {"session": session_id}
    entry.update(values)
    cookie[COOKIE_KEY] = entry


def batch_for(session_id: int) -> list[int]:
    """The ideas this browser has been handed in this session, in order."""
    return _ids(_entry(session_id).get("ideas"))


def remember_batch(session_id: int, idea_ids: list[int]) -> None:
    """Remember the ideas handed out so far (the oldest are forgotten past the limit)."""
    kept = list(dict.fromkeys(idea_ids))[-MAX_REMEMBERED:]
    _store(session_id, ideas=_text(kept))


def pair_for(session_id: int) -> tuple[int, int] | None:
    """The pair this browser is choosing between, if one was handed out."""
    pair = _ids(_entry(session_id).get("pair"))
    return (pair[0], pair[1]) if len(pair) == 2 else None


def remember_pair(session_id: int, pair: tuple[int, int] | None) -> None:
    """Remember the pair on screen, or forget it once judged."""
    _store(session_id, pair=_text(list(pair)) if pair else "")


def forget_ballot(session_id: int) -> None:
    """Forget what this browser was handed in a session (on leaving it)."""
    if _entry(session_id):
        cookie.pop(COOKIE_KEY, None)
