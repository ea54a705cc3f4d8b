"""Anonymous participants: a keyed hash of a secret token and an optional level and team,
nothing else."""

from sqlalchemy import Boolean, ForeignKey, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from feedback_app.extensions import db
from feedback_app.models.public_ids import public_id_column


class Participant(db.Model):
    """One person in one session, known only by the HMAC of a token they hold.

    No name, email, IP address, user agent or timestamp is kept, by design.
    """

    __tablename__ = "participants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    public_id: Mapped[str] = public_id_column()
    session_id: Mapped[int] = mapped_column(
        ForeignKey("brainstorm_sessions.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    level_id: Mapped[int | None] = mapped_column(ForeignKey("levels.id"), nullable=True)
    # Self-declared and optional, like the level; breakdowns by team are k-anonymous.
    team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id", ondelete="SET NULL"), nullable=True
    )
    # Dots spent in a dots vote: the budget is checked on this row, atomically.
    dots_used: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    # Read-only: a vote needs the session's mode and rules; loaded with the token when asked.
    session = relationship("BrainstormSession", viewonly=True)

    def __repr__(self) -> str:
        return f"<Participant {self.id}>"


class BallotCard(db.Model):
    """A single-use join code printed on a card, kept only as a keyed hash.

    Nothing links a card to the participant it let in: the card is only marked used.
    """

    __tablename__ = "ballot_cards"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("brainstorm_sessions.id", ondelete="CASCADE"), index=True
    )
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    used: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
