"""Managers decide on candidate standards: adopt, reject or park with a reason, reword them,
merge two into one. Every change is written to the audit trail with who and when."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from feedback_app import messages
from feedback_app.clock import utc_now
from feedback_app.errors import Conflict, Forbidden, NotFound, ValidationFailed
from feedback_app.extensions import db
from feedback_app.models import BrainstormSession, CandidateStandard, User
from feedback_app.models.standards import (
    DECISIONS,
    REASON_MAX,
    STATEMENT_MAX,
    STEP_MAX,
    STEPS_MAX,
    TITLE_MAX,
)
from feedback_app.services import audit
from feedback_app.services.sessions import ensure_can_view
from feedback_app.services.standards import ScoredStandard, score_all
from feedback_app.services.text import PROTOCOL_STAGES

DECIDING_ROLES = ("manager", "admin")


def ensure_can_decide(user: User) -> None:
    """Raise Forbidden unless the user is a manager or an admin."""
    if user.role not in DECIDING_ROLES:
        raise Forbidden(messages.MANAGERS_DECIDE)


def get_candidate(standard_id: int) -> CandidateStandard:
    """A candidate standard that still stands on its own (merged ones are gone: 404)."""
    standard = db.session.get(CandidateStandard, standard_id)
    if standard is None:
        raise NotFound(messages.STANDARD_NOT_FOUND)
    if standard.merged_into_id is not None:
        raise NotFound(messages.STANDARD_MERGED, code="standard_merged")
    return standard


def viewable_candidate(user: User, standard_id: int) -> CandidateStandard:
    """The candidate, if this staff member may see its session (managers see all)."""
    standard = get_candidate(standard_id)
    ensure_can_view(user, db.session.get(BrainstormSession, standard.session_id))
    return standard


def decidable_candidate(user: User, standard_id: int) -> CandidateStandard:
    """The candidate, if this staff member may decide on it (managers and admins)."""
    ensure_can_decide(user)
    return get_candidate(standard_id)


def all_candidates(status: str | None = None) -> list[ScoredStandard]:
    """Candidates of every session (not merged ones), by status if given, best supported
    first."""
    query = (
        select(CandidateStandard)
        .where(CandidateStandard.merged_into_id.is_(None))
        .options(
            selectinload(CandidateStandard.ideas),
            selectinload(CandidateStandard.objectives),
            selectinload(CandidateStandard.session),
        )
        .order_by(CandidateStandard.id)
    )
    if status:
        query = query.where(CandidateStandard.status == status)
    scored = score_all(list(db.session.scalars(query)))
    return sorted(scored, key=lambda item: (-item.score, item.standard.id))


def _checked_text(value, name: str, maximum: int, message: str) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not 1 <= len(text) <= maximum:
        problem = message.format(max=maximum)
        raise ValidationFailed(problem, fields={name: problem})
    return text


def checked_procedures(value: list[str] | str) -> str:
    """The steps to take, one per line: a list of steps or text with one step per line; blank
    lines are dropped. At most STEPS_MAX steps of at most STEP_MAX characters."""
    lines = value.splitlines() if isinstance(value, str) else value
    if not isinstance(lines, list) or not all(isinstance(line, str) for line in lines):
        lines = None
    steps = [" ".join(line.split()) for line in lines or []]
    steps = [step for step in steps if step]
    if lines is None or len(steps) > STEPS_MAX or any(len(step) > STEP_MAX for step in steps):
        problem = messages.PROCEDURES_INVALID.format(steps=STEPS_MAX, max=STEP_MAX)
        raise ValidationFailed(problem, fields={"procedures": problem})
    return "\n".join(steps)


def decide(
    standard: CandidateStandard, decision: str, reason: str, actor: User
) -> CandidateStandard:
    """Adopt, reject or park a candidate, saying why; the same decision twice is refused."""
    ensure_can_decide(actor)
    if decision not in DECISIONS:
        problem = messages.DECISION_UNKNOWN.format(decisions=", ".join(DECISIONS))
        raise ValidationFailed(problem, fields={"decision": problem})
    reason = _checked_text(reason, "reason", REASON_MAX, messages.DECISION_REASON_REQUIRED)
    if standard.status == decision:
        raise Conflict(messages.DECISION_UNCHANGED.format(status=decision), code="unchanged")
    previous = standard.status
    standard.status = decision
    standard.decision_reason = reason
    standard.decided_by_id = actor.id
    standard.decided_at = utc_now()
    audit.record(
        actor,
        "standard.decided",
        "standard",
        standard.id,
        title=standard.title,
        decision=decision,
        previous=previous,
        reason=reason,
    )
    db.session.commit()
    return standard


def edit_candidate(
    standard: CandidateStandard,
    actor: User,
    *,
    title: str | None = None,
    statement: str | None = None,
    protocol_stage: str | None = None,
    procedures: list[str] | str | None = None,
) -> CandidateStandard:
    """Reword a candidate or move it to another stage; records each field changed."""
    ensure_can_decide(actor)
    if title is None and statement is None and protocol_stage is None and procedures is None:
        raise ValidationFailed(messages.STANDARD_EDIT_EMPTY)
    new = {}
    if title is not None:
        new["title"] = _checked_text(title, "title", TITLE_MAX, messages.STANDARD_TITLE_INVALID)
    if statement is not None:
        new["statement"] = _checked_text(
            statement, "statement", STATEMENT_MAX, messages.STANDARD_STATEMENT_INVALID
        )
    if procedures is not None:
        new["procedures"] = checked_procedures(procedures)
    if protocol_stage is not None:
        if protocol_stage not in PROTOCOL_STAGES:
            problem = messages.STAGE_UNKNOWN.format(stages=", ".join(PROTOCOL_STAGES))
            raise ValidationFailed(problem, fields={"protocol_stage": problem})
        new["protocol_stage"] = protocol_stage
    changed = {
        name: {"from": getattr(standard, name), "to": value}
        for name, value in new.items()
        if getattr(standard, name) != value
    }
    if not changed:
        return standard
    for name, change in changed.items():
        setattr(standard, name, change["to"])
    audit.record(actor, "standard.edited", "standard", standard.id, changes=changed)
    db.session.commit()
    return standard


def merge_candidates(
    keep: CandidateStandard, other: CandidateStandard, actor: User
) -> CandidateStandard:
    """Fold another candidate (of any session) into this one: its ideas and objectives join
    the one kept, and it leaves every list."""
    ensure_can_decide(actor)
    if keep.id == other.id:
        raise ValidationFailed(
            messages.STANDARD_MERGE_SELF, fields={"standard_id": messages.STANDARD_MERGE_SELF}
        )
    have = {idea.id for idea in keep.ideas}
    keep.ideas.extend(idea for idea in other.ideas if idea.id not in have)
    for objective in list(other.objectives):
        objective.standard = keep
    other.merged_into_id = keep.id
    audit.record(
        actor,
        "standard.merged",
        "standard",
        keep.id,
        title=keep.title,
        merged_id=other.id,
        merged_title=other.title,
        merged_session_id=other.session_id,
    )
    db.session.commit()
    return keep
