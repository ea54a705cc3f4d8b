"""The word filter: terms an admin does not want in ideas (profanity, colleagues' names)."""

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from feedback_app.extensions import db

BLOCKED_TERM_MAX = 80


class BlockedTerm(db.Model):
    """A word or phrase refused in ideas, stored lower-cased with single spaces."""

    __tablename__ = "blocked_terms"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    term: Mapped[str] = mapped_column(String(BLOCKED_TERM_MAX), unique=True)
