"""Ideas put forward in a session and the votes cast on them."""

import enum
from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from feedback_app.extensions import db
from feedback_app.models.constraints import one_of
from feedback_app.models.public_ids import public_id_column

IDEA_MIN = 3
IDEA_MAX = 500
COMMENT_MAX = 300


class IdeaStatus(enum.StrEnum):
    """Only visible ideas reach participants, the projector, votes, rankings and themes.

    Hidden ideas were moderated away; pending ones wait for approval (pre-moderation);
    off-topic ones do not answer the question and are kept aside for the facilitator.
    """

    VISIBLE = "visible"
    HIDDEN = "hidden"
    PENDING = "pending"
    OFF_TOPIC = "off_topic"


class Idea(db.Model):
    """One idea; created_at is floored to the minute so it cannot identify its author."""

    __tablename__ = "ideas"
    __table_args__ = (
        one_of("status", [status.value for status in IdeaStatus], name="status_known"),
        Index("ix_ideas_session_status", "session_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    # The only id that leaves the server (see models/public_ids.py).
    public_id: Mapped[str] = public_id_column()
    session_id: Mapped[int] = mapped_column(
        ForeignKey("brainstorm_sessions.id", ondelete="CASCADE")
    )
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL"), nullable=True, index=True
    )
    text: Mapped[str] = mapped_column(String(IDEA_MAX))
    status: Mapped[str] = mapped_column(String(10), default=IdeaStatus.VISIBLE.value)
    # Bumped when the facilitator corrects the text, so voters can see it changed since.
    version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # How often the idea was put in front of someone to vote on (never who saw it): fair
    # exposure shows the least-seen ideas first, and scores are votes per exposure.
    exposures: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    # In a follow-up session: the idea of the earlier session it was carried over from.
    carried_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("ideas.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime)

    def __repr__(self) -> str:
        return f"<Idea {self.id} {self.status}>"


class Vote(db.Model):
    """A participant's vote on an idea: one up-vote, a number of dots or a 1–5 star rating.

    The unique constraint makes a second row impossible, whatever the mode.
    """

    __tablename__ = "votes"
    __table_args__ = (
        UniqueConstraint("idea_id", "participant_id", name="uq_votes_idea_participant"),
        CheckConstraint("value >= 1", name="value_positive"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(
        ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    value: Mapped[int] = mapped_column(Integer, default=1)
    idea_version: Mapped[int] = mapped_column(Integer, default=1, server_default="1")

    def __repr__(self) -> str:
        return f"<Vote idea={self.idea_id}>"


class PairChoice(db.Model):
    """One participant's choice between two ideas (or a skip) in pairwise voting.

    The pair is stored lowest id first, so a participant judges each pair once.
    """

    __tablename__ = "pair_choices"
    __table_args__ = (
        UniqueConstraint("participant_id", "low_id", "high_id", name="uq_pair_choices_pair"),
        CheckConstraint("low_id < high_id", name="pair_ordered"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("brainstorm_sessions.id", ondelete="CASCADE"), index=True
    )
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    low_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    high_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    winner_id: Mapped[int | None] = mapped_column(
        ForeignKey("ideas.id", ondelete="CASCADE"), nullable=True
    )


class Comment(db.Model):
    """A participant's comment building on an idea: anonymous and moderated like ideas."""

    __tablename__ = "comments"
    __table_args__ = (
        one_of("status", ("visible", "hidden", "pending"), name="status_known"),
        Index("ix_comments_idea_status", "idea_id", "status"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = public_id_column()
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"))
    participant_id: Mapped[int | None] = mapped_column(
        ForeignKey("participants.id", ondelete="SET NULL"), nullable=True, index=True
    )
    text: Mapped[str] = mapped_column(String(COMMENT_MAX))
    status: Mapped[str] = mapped_column(String(10), default="visible")
    created_at: Mapped[datetime] = mapped_column(DateTime)


class IdeaSubmission(db.Model):
    """The idempotency key a submission came with, so a retried submission (a double click, a
    phone that lost the answer) gives the same idea instead of a second one.

    Both columns are keyed hashes (of the participant and key, and of the text): nothing here
    says who or when; the row goes with its idea.
    """

    __tablename__ = "idea_submissions"

    key_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    idea_id: Mapped[int] = mapped_column(ForeignKey("ideas.id", ondelete="CASCADE"), unique=True)
    text_hash: Mapped[str] = mapped_column(String(64))
