"""Merging near-duplicate ideas: one idea stays, with the union of both ideas' voters."""

from sqlalchemy import delete, select

from feedback_app import messages
from feedback_app.errors import ValidationFailed
from feedback_app.extensions import db
from feedback_app.models import BrainstormSession, ClusterMember, Idea, IdeaStatus, User, Vote
from feedback_app.services import audit, events


def merge_ideas(keep: Idea, duplicate: Idea, actor: User | None = None) -> Idea:
    """Hide the duplicate and give its votes to the idea kept (one vote per person); after
    the vote the audit trail records who merged them."""
    if keep.id == duplicate.id or keep.session_id != duplicate.session_id:
        raise ValidationFailed(
            messages.MERGE_IDEAS_INVALID, fields={"into_idea_id": messages.MERGE_IDEAS_INVALID}
        )
    voters_of_keep = set(
        db.session.scalars(select(Vote.participant_id).where(Vote.idea_id == keep.id))
    )
    voters_moved = False
    for vote in db.session.scalars(select(Vote).where(Vote.idea_id == duplicate.id)):
        voters_moved = True
        if vote.participant_id in voters_of_keep:
            db.session.delete(vote)
        else:
            vote.idea_id = keep.id
    was_visible = duplicate.status == IdeaStatus.VISIBLE.value
    session = db.session.get(BrainstormSession, keep.session_id)
    if session.phase in audit.AUDITED_PHASES:
        audit.record(
            actor,
            "idea.merged",
            "idea",
            keep.id,
            session_id=session.id,
            merged_idea_id=duplicate.id,
            phase=session.phase,
        )
    duplicate.status = IdeaStatus.HIDDEN.value
    db.session.execute(delete(ClusterMember).where(ClusterMember.idea_id == duplicate.id))
    merged = {"id": duplicate.public_id, "status": duplicate.status, "text": duplicate.text}
    events.record(
        keep.session_id,
        events.IDEA_STATUS,
        merged | {"merged_into": keep.public_id},
        audience="staff",
    )
    if was_visible:
        removed = {"id": duplicate.public_id, "reason": "merged", "merged_into": keep.public_id}
        events.record(keep.session_id, events.IDEA_REMOVED, removed)
    db.session.commit()
    if voters_moved:
        events.signal(keep.session_id, events.VOTES, {"idea_ids": [keep.id, duplicate.id]})
    return keep
