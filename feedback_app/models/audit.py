"""The audit trail: which staff member did what, when, to which thing (never a participant)."""

from datetime import datetime

from sqlalchemy import JSON, DateTime, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from feedback_app.clock import utc_now
from feedback_app.extensions import db


class AuditEntry(db.Model):
    """One recorded action of a staff member; ``details`` never holds a participant."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True, index=True
    )
    at: Mapped[datetime] = mapped_column(DateTime, default=utc_now, index=True)
    action: Mapped[str] = mapped_column(String(40))
    subject_type: Mapped[str] = mapped_column(String(30))
    subject_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
    details: Mapped[dict] = mapped_column(JSON, default=dict)

    user = relationship("User")
