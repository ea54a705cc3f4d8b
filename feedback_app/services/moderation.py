"""The facilitator's moderation: approve, hide, show, mark off-topic and correct ideas.

Every change is logged as an event: participants and the projector hear that an idea
appeared or left (never why it was hidden), the facilitator's console hears its new status.
Hiding an idea during a dots vote gives its dots back to their voters.
"""

from feedback_app import messages
from feedback_app.errors import ValidationFailed, WrongPhase
from feedback_app.extensions import db
from feedback_app.models import BrainstormSession, Idea, IdeaStatus, User
from feedback_app.services import audit, events
from feedback_app.services.ideas import clean_idea_text, replace_text
from feedback_app.services.voting import refund_dots

# What a facilitator may set; "pending" only comes from pre-moderated submissions.
MODERATION_STATUSES = (IdeaStatus.VISIBLE, IdeaStatus.HIDDEN, IdeaStatus.OFF_TOPIC)
STATUS_HINT = "Use visible, hidden or off_topic."


def set_idea_status(idea: Idea, status: str, actor: User | None = None) -> Idea:
    """Approve or show (visible), hide, or mark an idea off-topic.

    After the vote (results, closed) the change reshapes what was ranked: the audit trail
    records who made it.
    """
    if status not in {s.value for s in MODERATION_STATUSES}:
        raise ValidationFailed("Unknown status.", fields={"status": STATUS_HINT})
    was_visible = idea.status == IdeaStatus.VISIBLE.value
    if idea.status == status:
        return idea
    previous = idea.status
    idea.status = status
    session = db.session.get(BrainstormSession, idea.session_id)
    if session.phase in audit.AUDITED_PHASES:
        audit.record(
            actor,
            "idea.status",
            "idea",
            idea.id,
            session_id=session.id,
            previous=previous,
            status=status,
            phase=session.phase,
        )
    data = {"id": idea.public_id, "status": status, "text": idea.text}
    events.record(idea.session_id, events.IDEA_STATUS, data, audience="staff")
    if status == IdeaStatus.VISIBLE.value:
        public = {"id": idea.public_id, "text": idea.text}
        events.record(idea.session_id, events.IDEA_ADDED, public)
    elif was_visible:
        removed = {"id": idea.public_id, "reason": "hidden"}
        events.record(idea.session_id, events.IDEA_REMOVED, removed)
        if session.voting_mode == "dots" and session.phase == "voting":
            refund_dots(idea)  # dots are a budget: they go back to be spent on what stands
    db.session.commit()
    return idea


def correct_idea(idea: Idea, text: str, session_phase: str) -> Idea:
    """Fix a typo in someone's idea; its author and voters see that it changed."""
    if session_phase == "closed":
        raise WrongPhase(messages.SESSION_CLOSED)
    cleaned = clean_idea_text(text)
    if cleaned != idea.text:
        replace_text(idea, cleaned, corrected=True)
        db.session.commit()
    return idea
