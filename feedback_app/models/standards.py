"""Candidate standards, the managers' decisions on them, their objectives, and the published
versions of the Customer Service Standard."""

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Column,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    String,
    Table,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from feedback_app.clock import utc_now
from feedback_app.extensions import db
from feedback_app.models.constraints import one_of
from feedback_app.models.ideas import Idea

STATEMENT_MAX = 1000
PROCEDURES_MAX = 2000  # the steps to take, one per line
STEP_MAX = 300
STEPS_MAX = 12
TITLE_MAX = 120
REASON_MAX = 1000
STANDARD_STATUSES = ("candidate", "adopted", "rejected", "parked")
DECISIONS = ("adopted", "rejected", "parked")
# Whether a measured value meets the target from above (a share of satisfied customers) or
# from below (seconds to greet, a refund limit).
DIRECTIONS = ("at_least", "at_most")
# Where an objective's values come from besides what managers type in: "mystery_shopping" is
# the shoppers' score (percent) on the steps of its standard; the survey sources read customer
# surveys: the share satisfied (percent), the Net Promoter Score (points) and the share of yes
# on the standard's protocol step (percent). services/readings computes them.
MEASURED_FROM = ("manual", "mystery_shopping", "survey_csat", "survey_nps", "survey_step")
MEASURED_FROM_MAX = 20

candidate_standard_ideas = Table(
    "candidate_standard_ideas",
    db.metadata,
    Column(
        "standard_id", ForeignKey("candidate_standards.id", ondelete="CASCADE"), primary_key=True
    ),
    Column("idea_id", ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True),
)


class CandidateStandard(db.Model):
    """A proposed customer-service standard built from a cluster of ideas, and the decision
    a manager took on it (who, when, why).

    A candidate merged into another keeps its row (so its theme is not promoted twice) with
    ``merged_into_id`` set, and leaves every list.
    """

    __tablename__ = "candidate_standards"
    __table_args__ = (one_of("status", STANDARD_STATUSES, name="status_known"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("brainstorm_sessions.id", ondelete="CASCADE"), index=True
    )
    source_cluster_id: Mapped[int | None] = mapped_column(
        ForeignKey("clusters.id", ondelete="SET NULL"), nullable=True
    )
    title: Mapped[str] = mapped_column(String(TITLE_MAX))
    statement: Mapped[str] = mapped_column(String(STATEMENT_MAX))
    procedures: Mapped[str] = mapped_column(String(PROCEDURES_MAX), default="", server_default="")
    protocol_stage: Mapped[str] = mapped_column(String(30))
    status: Mapped[str] = mapped_column(String(20), default="candidate")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    decision_reason: Mapped[str | None] = mapped_column(String(REASON_MAX), nullable=True)
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    decided_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    merged_into_id: Mapped[int | None] = mapped_column(
        ForeignKey("candidate_standards.id", ondelete="SET NULL"), nullable=True, index=True
    )

    ideas: Mapped[list[Idea]] = relationship(secondary=candidate_standard_ideas, order_by=Idea.id)
    objectives: Mapped[list["Objective"]] = relationship(
        back_populates="standard", cascade="all, delete-orphan", order_by="Objective.id"
    )
    decided_by = relationship("User", foreign_keys=[decided_by_id])
    session = relationship("BrainstormSession", viewonly=True)

    @property
    def steps(self) -> list[str]:
        """The procedures: the steps to take, in order."""
        return [line for line in (self.procedures or "").splitlines() if line.strip()]


class Objective(db.Model):
    """A measurable objective of a standard: what is measured, the target, who owns it."""

    __tablename__ = "objectives"
    __table_args__ = (
        one_of("direction", DIRECTIONS, name="direction_known"),
        one_of("measured_from", MEASURED_FROM, name="measured_from_known"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    standard_id: Mapped[int] = mapped_column(
        ForeignKey("candidate_standards.id", ondelete="CASCADE"), index=True
    )
    metric: Mapped[str] = mapped_column(String(200))
    target: Mapped[float] = mapped_column(Float)
    direction: Mapped[str] = mapped_column(
        String(10), default="at_least", server_default="at_least"
    )
    unit: Mapped[str] = mapped_column(String(40))
    measured_from: Mapped[str] = mapped_column(
        String(MEASURED_FROM_MAX), default="manual", server_default="manual"
    )
    measured_by: Mapped[str] = mapped_column(String(200))
    owner_team: Mapped[str | None] = mapped_column(String(120), nullable=True)
    # The team the objective is delegated to (its page shows it); owner_team stays as free text
    # for objectives written before teams existed.
    owner_team_id: Mapped[int | None] = mapped_column(
        ForeignKey("teams.id", ondelete="SET NULL"), nullable=True, index=True
    )
    review_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)

    standard: Mapped[CandidateStandard] = relationship(back_populates="objectives")
    measurements = relationship(
        "Measurement",
        order_by="(Measurement.measured_on, Measurement.id)",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    owner = relationship("Team", foreign_keys=[owner_team_id], viewonly=True)

    @property
    def owner_name(self) -> str | None:
        """Who owns it: the team it is delegated to, else the older free text."""
        return self.owner.name if self.owner is not None else self.owner_team


class StandardVersion(db.Model):
    """A published, immutable version of the Customer Service Standard.

    ``content`` is the snapshot of the adopted items grouped by protocol stage; ``changes``
    what changed against the previous version (items added, removed, changed and how).
    """

    __tablename__ = "standard_versions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    number: Mapped[int] = mapped_column(Integer, unique=True)
    note: Mapped[str] = mapped_column(String(500))
    published_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    published_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL"), nullable=True
    )
    content: Mapped[dict] = mapped_column(JSON)
    changes: Mapped[dict] = mapped_column(JSON)

    published_by = relationship("User", foreign_keys=[published_by_id])
