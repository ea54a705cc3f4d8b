"""The word filter: words an admin does not want in ideas, refused on submit with a message."""

import re

from sqlalchemy import select

from feedback_app import messages
from feedback_app.errors import Conflict, NotFound, ValidationFailed
from feedback_app.extensions import db
from feedback_app.models import BlockedTerm
from feedback_app.models.moderation import BLOCKED_TERM_MAX
from feedback_app.services.characters import visible_length


def list_terms() -> list[BlockedTerm]:
    """The filtered words, alphabetically."""
    return list(db.session.scalars(select(BlockedTerm).order_by(BlockedTerm.term)))


def add_term(term: str) -> BlockedTerm:
    """Filter a word or phrase (matched as whole words, ignoring case)."""
    cleaned = " ".join((term or "").lower().split())
    if not visible_length(cleaned) or len(cleaned) > BLOCKED_TERM_MAX:
        text = messages.BLOCKED_TERM_INVALID.format(max=BLOCKED_TERM_MAX)
        raise ValidationFailed(text, fields={"term": text})
    if db.session.scalar(select(BlockedTerm).where(BlockedTerm.term == cleaned)) is not None:
        raise Conflict(messages.BLOCKED_TERM_TAKEN, fields={"term": messages.BLOCKED_TERM_TAKEN})
    entry = BlockedTerm(term=cleaned)
    db.session.add(entry)
    db.session.commit()
    return entry


def delete_term(term_id: int) -> None:
    """Stop filtering a word."""
    entry = db.session.get(BlockedTerm, term_id)
    if entry is None:
        raise NotFound(messages.BLOCKED_TERM_INVALID.format(max=BLOCKED_TERM_MAX))
    db.session.delete(entry)
    db.session.commit()


def blocked_term_in(text: str) -> str | None:
    """The first filtered word the text contains as a whole word (any case), or None."""
    lowered = " ".join(text.lower().split())
    for term in db.session.scalars(select(BlockedTerm.term)):
        if re.search(rf"(?<!\w){re.escape(term)}(?!\w)", lowered):
            return term
    return None


def check_text(text: str) -> None:
    """Refuse text with a filtered word, saying which one (the author wrote it anyway)."""
    term = blocked_term_in(text)
    if term is not None:
        message = messages.IDEA_BLOCKED_TERM.format(term=term)
        raise ValidationFailed(message, fields={"text": message}, code="blocked_term")
