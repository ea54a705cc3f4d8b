"""Opaque public ids: what the outside sees of ideas, comments and participants.

Integer keys count up, so they give away the order in which ideas were written and can be
matched with other traces (who spoke when, who joined when). Every idea, comment and
participant also has a random public id; only that one leaves the server.
"""

import re
import secrets

from sqlalchemy import String
from sqlalchemy.orm import mapped_column

PUBLIC_ID_BYTES = 12  # 96 random bits: 16 URL-safe characters
PUBLIC_ID_LENGTH = 16
PUBLIC_ID_MAX = 24  # the column's width, with room to spare
PUBLIC_ID_PATTERN = rf"[A-Za-z0-9_-]{{{PUBLIC_ID_LENGTH}}}"
_PUBLIC_ID = re.compile(PUBLIC_ID_PATTERN)
OPAQUE = (
    "Opaque public id: random, not ordered by creation (see docs/anonymity.md); "
    "compare it only for equality."
)


def new_public_id() -> str:
    """A fresh random public id."""
    return secrets.token_urlsafe(PUBLIC_ID_BYTES)


def looks_like_public_id(value: object) -> bool:
    """Whether a value has the shape of a public id (it may still be unknown)."""
    return isinstance(value, str) and _PUBLIC_ID.fullmatch(value) is not None


def public_id_column():
    """The public id column: random, unique, never null."""
    return mapped_column(String(PUBLIC_ID_MAX), unique=True, default=new_public_id)
