"""Ballot cards: single-use join codes, printed and handed out, one person one voice.

Codes are shown once, when generated (a printable sheet or a CSV), and stored only as keyed
hashes. A card is marked used when it lets someone in; nothing records whom it let in.
"""

import hashlib
import hmac
import secrets

from flask import current_app
from sqlalchemy import select, update

from feedback_app import messages
from feedback_app.errors import ValidationFailed
from feedback_app.extensions import db
from feedback_app.models import BallotCard, BrainstormSession

CARD_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"  # as join codes: nothing to mistype
CARD_LENGTH = 12  # about 59 bits: guessing one is hopeless
CARDS_MAX = 2000


def _hash(code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, b"ballot:" + code.encode(), hashlib.sha256).hexdigest()


def normalise(code: str) -> str:
    """Accept a card code typed with spaces or dashes, in any case."""
    return "".join(ch for ch in (code or "").upper() if ch.isalnum())


def display(code: str) -> str:
    """A card code in groups of four, as printed: 7KQ2-M9XP-4HTA."""
    return "-".join(code[start : start + 4] for start in range(0, len(code), 4))


def new_code() -> str:
    """A random card code."""
    return "".join(secrets.choice(CARD_ALPHABET) for _ in range(CARD_LENGTH))


def issue_cards(session: BrainstormSession, count: int) -> list[str]:
    """Make `count` new single-use codes for a session (switching it to ballot cards)."""
    if not isinstance(count, int) or isinstance(count, bool) or not 1 <= count <= CARDS_MAX:
        text = messages.BALLOT_COUNT_INVALID.format(max=CARDS_MAX)
        raise ValidationFailed(text, fields={"count": text})
    codes = [new_code() for _ in range(count)]
    db.session.add_all(BallotCard(session_id=session.id, code_hash=_hash(code)) for code in codes)
    session.ballot_cards = True
    db.session.commit()
    return codes


def find_card(code: str) -> BallotCard | None:
    """The card with this code, used or not, or None (a session's code, or nothing)."""
    normalised = normalise(code)
    if len(normalised) != CARD_LENGTH:
        return None
    return db.session.scalar(select(BallotCard).where(BallotCard.code_hash == _hash(normalised)))


def use_card(card: BallotCard) -> bool:
    """Mark the card used, if nobody used it meanwhile (in the joining transaction)."""
    result = db.session.execute(
        update(BallotCard)
        .where(BallotCard.id == card.id, BallotCard.used.is_(False))
        .values(used=True)
    )
    return result.rowcount == 1


def card_counts(session: BrainstormSession) -> tuple[int, int]:
    """(cards issued, cards used) of a session."""
    cards = list(
        db.session.scalars(select(BallotCard.used).where(BallotCard.session_id == session.id))
    )
    return len(cards), sum(1 for used in cards if used)
