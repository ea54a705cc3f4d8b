"""The audit trail: who among the staff did what and when, for decisions that shape the
standard and for moderation after the vote. Never records a participant.

``record`` adds an entry to the caller's transaction: the service that acts commits both.
"""

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from feedback_app.clock import utc_now
from feedback_app.extensions import db
from feedback_app.models import AuditEntry, User

PAGE_SIZE = 50
PAGE_SIZE_MAX = 200

# Action → how the trail page says it.
ACTION_LABELS = {
    "standard.decided": "Decided on a candidate standard",
    "standard.edited": "Edited a candidate standard",
    "standard.merged": "Merged two candidate standards",
    "objective.added": "Added an objective",
    "objective.edited": "Edited an objective",
    "objective.removed": "Removed an objective",
    "standard.published": "Published a version of the standard",
    "handbook.visibility": "Changed who may read the handbook",
    "idea.status": "Changed an idea's status after the vote",
    "idea.merged": "Merged ideas after the vote",
}
# Phases after which moderating ideas changes what people voted on: it is audited.
AUDITED_PHASES = ("results", "closed")


def record(
    actor: User | None, action: str, subject_type: str, subject_id: int | None, **details
) -> AuditEntry:
    """Add an entry for this action to the current transaction (the caller commits)."""
    entry = AuditEntry(
        user_id=actor.id if actor is not None else None,
        at=utc_now(),
        action=action,
        subject_type=subject_type,
        subject_id=subject_id,
        details=details,
    )
    db.session.add(entry)
    return entry


@dataclass(frozen=True)
class AuditPage:
    """One page of the trail, newest first."""

    entries: list[AuditEntry]
    page: int
    per_page: int
    total: int

    @property
    def pages(self) -> int:
        """How many pages the trail has (at least one)."""
        return max(1, -(-self.total // self.per_page))


def audit_page(page: int = 1, per_page: int = PAGE_SIZE) -> AuditPage:
    """A page of the trail, newest first (pages from 1)."""
    page = max(1, page)
    per_page = min(max(1, per_page), PAGE_SIZE_MAX)
    total = db.session.scalar(select(func.count(AuditEntry.id)))
    query = (
        select(AuditEntry)
        .options(selectinload(AuditEntry.user))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(per_page)
        .offset((page - 1) * per_page)
    )
    return AuditPage(list(db.session.scalars(query)), page, per_page, total)
