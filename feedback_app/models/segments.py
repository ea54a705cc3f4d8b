"""The customer-segment register: who the standard serves, and what sessions and standards
are about."""

from datetime import datetime

from sqlalchemy import JSON, Column, DateTime, Float, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column

from feedback_app.clock import utc_now
from feedback_app.extensions import db

SEGMENT_NAME_MAX = 120
SEGMENT_TEXT_MAX = 1000
CHANNELS = ("in person", "phone", "chat", "e-mail", "web", "app", "social media", "post")

session_segments = Table(
    "session_segments",
    db.metadata,
    Column(
        "session_id", ForeignKey("brainstorm_sessions.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("segment_id", ForeignKey("customer_segments.id", ondelete="CASCADE"), primary_key=True),
)

standard_segments = Table(
    "standard_segments",
    db.metadata,
    Column(
        "standard_id", ForeignKey("candidate_standards.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("segment_id", ForeignKey("customer_segments.id", ondelete="CASCADE"), primary_key=True),
)


class CustomerSegment(db.Model):
    """A group of customers: its share of all customers (percent), the channels it prefers and
    its typical needs."""

    __tablename__ = "customer_segments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(SEGMENT_NAME_MAX), unique=True)
    description: Mapped[str] = mapped_column(
        String(SEGMENT_TEXT_MAX), default="", server_default=""
    )
    share_percent: Mapped[float | None] = mapped_column(Float, nullable=True)
    channels: Mapped[list] = mapped_column(JSON, default=list)
    needs: Mapped[str] = mapped_column(String(SEGMENT_TEXT_MAX), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)

    def __repr__(self) -> str:
        return f"<CustomerSegment {self.id} {self.name!r}>"
