"""The event log of each session: what live pages and API streams replay after a reconnect."""

from sqlalchemy import JSON, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from feedback_app.extensions import db
from feedback_app.models.constraints import one_of

# "all": participants, the projector and staff may see it; "staff": facilitators only.
AUDIENCES = ("all", "staff")


class SessionEvent(db.Model):
    """One change in a session, numbered per session; never carries participant identity."""

    __tablename__ = "session_events"
    __table_args__ = (
        UniqueConstraint("session_id", "seq", name="uq_session_events_session_seq"),
        one_of("audience", AUDIENCES, name="audience_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("brainstorm_sessions.id", ondelete="CASCADE")
    )
    seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(40))
    audience: Mapped[str] = mapped_column(String(10), default="all")
    data: Mapped[dict] = mapped_column(JSON, default=dict)


class SessionEventCounter(db.Model):
    """The last event number of a session, in its own row.

    Taking the next number locks this row, not the session's: an idea added under a shared
    lock on the session must never have to upgrade that lock (a deadlock on PostgreSQL).
    """

    __tablename__ = "session_event_counters"

    session_id: Mapped[int] = mapped_column(
        ForeignKey("brainstorm_sessions.id", ondelete="CASCADE"), primary_key=True
    )
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
