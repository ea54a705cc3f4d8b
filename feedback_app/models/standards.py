"""Candidate standards: themes promoted for managers to rank and adopt."""

from datetime import datetime

from sqlalchemy import Column, DateTime, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

from feedback_app.clock import utc_now
from feedback_app.extensions import db
from feedback_app.models.ideas import Idea

STATEMENT_MAX = 1000

candidate_standard_ideas = Table(
    "candidate_standard_ideas",
    db.metadata,
    Column(
        "standard_id", ForeignKey("candidate_standards.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("idea_id", ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True),
)


class CandidateStandard(db.Model):
    """A proposed customer-service standard built from a cluster of ideas."""

    __tablename__ = "candidate_standards"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("brainstorm_sessions.id", ondelete="CASCADE"), index=True
    )
    source_cluster_id: Mapped[int | None] = mapped_column(
        ForeignKey("clusters.id", ondelete="SET NULL"), nullable=True
    )
    title: Mapped[str] = mapped_column(String(120))
    statement: Mapped[str] = mapped_column(String(STATEMENT_MAX))
    protocol_stage: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20), default="candidate")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)

    ideas: Mapped[list[Idea]] = relationship(secondary=candidate_standard_ideas, order_by=Idea.id)
