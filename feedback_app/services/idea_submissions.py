"""Idea submissions that are safe to retry: one idea per idempotency key.

A phone that loses the answer to "add my idea" cannot know whether the idea went in; sending
it again with the same key gives back that idea instead of a second copy. The key is kept only
as a keyed hash scoped to the participant, beside a keyed hash of the text (to refuse a key
reused for a different idea); the unique key makes parallel retries give one idea too.
"""

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from feedback_app import messages
from feedback_app.errors import ValidationFailed
from feedback_app.extensions import db
from feedback_app.models import BrainstormSession, Idea, IdeaSubmission, Participant
from feedback_app.services import ideas
from feedback_app.services.participation import hash_token

KEY_FIELD = "Idempotency-Key"


def submit_idea(
    session: BrainstormSession, participant: Participant, text: str, key: str | None
) -> tuple[Idea, bool]:
    """Add the idea, or return the one this key already added: (idea, created)."""
    if key is None:
        return ideas.add_idea(session, participant, text), True
    key_hash = hash_token(f"idea-submission:{participant.id}:{key}")
    text_hash = hash_token(f"idea-text:{ideas.clean_idea_text(text)}")
    earlier = _earlier(key_hash, text_hash)
    if earlier is not None:
        return earlier, False
    receipt = IdeaSubmission(key_hash=key_hash, text_hash=text_hash)
    try:
        return ideas.add_idea(session, participant, text, receipt=receipt), True
    except IntegrityError:  # the same key, sent in parallel, won the race
        db.session.rollback()
        earlier = _earlier(key_hash, text_hash)
        if earlier is None:
            raise
        return earlier, False


def _earlier(key_hash: str, text_hash: str) -> Idea | None:
    """The idea this key added before, or None; refuses the key for a different text."""
    row = db.session.execute(
        select(Idea, IdeaSubmission.text_hash)
        .join(IdeaSubmission, IdeaSubmission.idea_id == Idea.id)
        .where(IdeaSubmission.key_hash == key_hash)
    ).first()
    if row is None:
        return None
    idea, earlier_text_hash = row
    if earlier_text_hash != text_hash:
        raise ValidationFailed(
            messages.IDEMPOTENCY_KEY_REUSED, fields={KEY_FIELD: messages.IDEMPOTENCY_KEY_REUSED}
        )
    return idea
