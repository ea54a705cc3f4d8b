"""Teams and locations (a shop, a call-centre floor, a region): who a standard is delegated to."""

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column

from feedback_app.clock import utc_now
from feedback_app.extensions import db

TEAM_NAME_MAX = 120
TEAM_DESCRIPTION_MAX = 500


class Team(db.Model):
    """A team or location. Front-line staff reach its page through a link whose token is kept
    only as a keyed hash (``link_token_hash``), so an admin can rotate it and nobody can read it
    back; proposals from the team page arrive as ideas in its standing session.
    """

    __tablename__ = "teams"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(TEAM_NAME_MAX), unique=True)
    description: Mapped[str] = mapped_column(
        String(TEAM_DESCRIPTION_MAX), default="", server_default=""
    )
    retired: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    link_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True, nullable=True)
    link_rotated_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    standing_session_id: Mapped[int | None] = mapped_column(
        ForeignKey("brainstorm_sessions.id", ondelete="SET NULL"), nullable=True
    )
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)

    def __repr__(self) -> str:
        return f"<Team {self.id} {self.name!r}>"
