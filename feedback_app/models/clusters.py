"""Clustering runs: themes of a session's ideas, found by the NLTK pipeline, edited by hand."""

from datetime import datetime

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from feedback_app.clock import utc_now
from feedback_app.extensions import db
from feedback_app.models.constraints import one_of

RUN_STATUSES = ("running", "done", "failed")
LABEL_MAX = 120


class ClusterRun(db.Model):
    """One clustering of a session's visible ideas; the newest finished run is the current one."""

    __tablename__ = "cluster_runs"
    __table_args__ = (
        one_of("status", RUN_STATUSES, name="status_known"),
        # At most one running run per session, whatever races the requests run into.
        Index(
            "uq_cluster_runs_one_running",
            "session_id",
            unique=True,
            sqlite_where=text("status = 'running'"),
            postgresql_where=text("status = 'running'"),
        ),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("brainstorm_sessions.id", ondelete="CASCADE"), index=True
    )
    backend: Mapped[str] = mapped_column(String(20), default="nltk")
    requested_k: Mapped[int | None] = mapped_column(Integer, nullable=True)
    k: Mapped[int] = mapped_column(Integer, default=0)
    idea_count: Mapped[int] = mapped_column(Integer, default=0)
    status: Mapped[str] = mapped_column(String(10), default="running")
    progress: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(String(300), nullable=True)
    # [[idea_id, idea_id, similarity], ...] offered to the facilitator for merging
    near_duplicates: Mapped[list] = mapped_column(JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)
    # When the executing code took the run up, and when it last said it is alive: a running
    # run whose heartbeat is too old is given up (services/cluster_runs.py).
    started_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    heartbeat_at: Mapped[datetime] = mapped_column(DateTime, default=utc_now)

    clusters: Mapped[list["IdeaCluster"]] = relationship(
        back_populates="run", order_by="IdeaCluster.position", cascade="all, delete-orphan"
    )


class IdeaCluster(db.Model):
    """A theme: a label, key phrases, a protocol stage, its most representative idea and its
    ideas.

    ``label_edited`` means the facilitator wrote or accepted the label: nothing changes it
    by itself. After an edit of an unnamed theme the pipeline's new label waits in
    ``suggested_label`` until the facilitator accepts it.
    """

    __tablename__ = "clusters"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    run_id: Mapped[int] = mapped_column(
        ForeignKey("cluster_runs.id", ondelete="CASCADE"), index=True
    )
    label: Mapped[str] = mapped_column(String(LABEL_MAX))
    keywords: Mapped[list] = mapped_column(JSON, default=list)
    protocol_stage: Mapped[str] = mapped_column(String(30), default="other")
    position: Mapped[int] = mapped_column(Integer, default=0)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    is_other: Mapped[bool] = mapped_column(Boolean, default=False)
    label_edited: Mapped[bool] = mapped_column(Boolean, default=False)
    suggested_label: Mapped[str | None] = mapped_column(String(LABEL_MAX), nullable=True)
    representative_idea_id: Mapped[int | None] = mapped_column(
        ForeignKey("ideas.id", ondelete="SET NULL"), nullable=True
    )

    run: Mapped[ClusterRun] = relationship(back_populates="clusters")
    members: Mapped[list["ClusterMember"]] = relationship(
        back_populates="cluster", cascade="all, delete-orphan", order_by="ClusterMember.idea_id"
    )


class ClusterMember(db.Model):
    """An idea's place in one run; an idea sits in exactly one cluster per run."""

    __tablename__ = "cluster_members"
    __table_args__ = (UniqueConstraint("run_id", "idea_id", name="uq_cluster_members_run_idea"),)

    cluster_id: Mapped[int] = mapped_column(
        ForeignKey("clusters.id", ondelete="CASCADE"), primary_key=True
    )
    idea_id: Mapped[int] = mapped_column(
        ForeignKey("ideas.id", ondelete="CASCADE"), primary_key=True
    )
    run_id: Mapped[int] = mapped_column(ForeignKey("cluster_runs.id", ondelete="CASCADE"))
    moved_by_hand: Mapped[bool] = mapped_column(Boolean, default=False)

    cluster: Mapped[IdeaCluster] = relationship(back_populates="members")
