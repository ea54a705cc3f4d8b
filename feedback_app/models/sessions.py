"""Brainstorming sessions: one question put to one level, moved through phases."""

from datetime import datetime

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    ForeignKey,
    Integer,
    String,
    Table,
    false,
    func,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from feedback_app.clock import utc_now
from feedback_app.extensions import db
from feedback_app.models.constraints import one_of
from feedback_app.models.levels import Level
from feedback_app.models.segments import CustomerSegment, session_segments
from feedback_app.models.users import User

PHASES = ("draft", "collecting", "voting", "results", "closed")
VOTING_MODES = ("upvote", "dots", "stars", "pairwise")
DOT_BUDGET_DEFAULT, DOTS_PER_IDEA_DEFAULT, DOTS_MAX = 5, 3, 50
# "post": ideas appear at once and can be hidden; "pre": they wait for the facilitator's approval.
MODERATION_MODES = ("post", "pre")
TIMED_PHASES = ("collecting", "voting")
TIMER_MINUTES_MAX = 120
TITLE_MAX = 120
PROMPT_MAX = 500
JOIN_CODE_LENGTH = 6

session_contributing_levels = Table(
    "session_contributing_levels",
    db.metadata,
    Column(
        "session_id",
        ForeignKey("brainstorm_sessions.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("level_id", ForeignKey("levels.id", ondelete="CASCADE"), primary_key=True),
)


class BrainstormSession(db.Model):
    """A session run by a facilitator for one management level."""

    __tablename__ = "brainstorm_sessions"
    __table_args__ = (
        one_of("phase", PHASES, name="phase_known"),
        one_of("voting_mode", VOTING_MODES, name="voting_mode_known"),
        one_of("moderation", MODERATION_MODES, name="moderation_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    prompt: Mapped[str] = mapped_column(String(PROMPT_MAX))
    target_level_id: Mapped[int] = mapped_column(ForeignKey("levels.id"))
    voting_mode: Mapped[str] = mapped_column(String(20), default="upvote")
    phase: Mapped[str] = mapped_column(String(20), default="draft")
    join_code: Mapped[str] = mapped_column(String(JOIN_CODE_LENGTH), unique=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    results_public: Mapped[bool] = mapped_column(Boolean, default=False)
    language: Mapped[str] = mapped_column(String(20), default="english")
    joining_open: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    moderation: Mapped[str] = mapped_column(String(10), default="post", server_default="post")
    show_live_counts: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The running phase ends by itself at phase_deadline (UTC); a paused timer keeps the
    # seconds it had left in timer_remaining instead.
    phase_deadline: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    timer_remaining: Mapped[int | None] = mapped_column(Integer, nullable=True)
    collecting_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    voting_minutes: Mapped[int | None] = mapped_column(Integer, nullable=True)
    # Voting: dots give each participant a budget and a cap per idea; self-votes can be off.
    dot_budget: Mapped[int] = mapped_column(Integer, default=DOT_BUDGET_DEFAULT, server_default="5")
    dots_per_idea: Mapped[int] = mapped_column(
        Integer, default=DOTS_PER_IDEA_DEFAULT, server_default="3"
    )
    allow_self_votes: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    # With ballot cards, only the single-use codes of the printed cards let people in.
    ballot_cards: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    follow_up_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("brainstorm_sessions.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)

    target_level: Mapped[Level] = relationship(foreign_keys=[target_level_id])
    owner: Mapped[User] = relationship()
    contributing_levels: Mapped[list[Level]] = relationship(
        secondary=session_contributing_levels, order_by=Level.position
    )
    # The customer segments it concerns, by name; written through services.segments.tag_session.
    segments: Mapped[list[CustomerSegment]] = relationship(
        secondary=session_segments,
        order_by=(func.lower(CustomerSegment.name), CustomerSegment.id),
        viewonly=True,
    )
    # A follow-up session puts this one's top ideas to another level; they link both ways.
    follow_up_of: Mapped["BrainstormSession | None"] = relationship(
        remote_side=[id], back_populates="follow_ups"
    )
    follow_ups: Mapped[list["BrainstormSession"]] = relationship(
        back_populates="follow_up_of", order_by="BrainstormSession.id"
    )

    def __repr__(self) -> str:
        return f"<BrainstormSession {self.id} {self.phase}>"
