"""Ideas: the rules for their text, adding, editing, withdrawing and moderating them."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import BigInteger, cast, func, literal, select

from feedback_app import messages
from feedback_app.clock import floor_to_minute, utc_now
from feedback_app.errors import Forbidden, NotFound, ValidationFailed, WrongPhase
from feedback_app.extensions import db
from feedback_app.models import (
    BrainstormSession,
    Idea,
    IdeaStatus,
    IdeaSubmission,
    Participant,
    Vote,
)
from feedback_app.models.ideas import IDEA_MAX, IDEA_MIN
from feedback_app.services import events, tallies, word_filter
from feedback_app.services.characters import has_control_characters, visible_length
from feedback_app.services.phases import lock_session

# Bidirectional overrides can make a harmless-looking idea render as something else.


@dataclass(frozen=True)
class ParticipantIdea:
    """An idea as one participant sees it (no counts while voting is open).

    `status` is "pending" only on the author's own ideas awaiting approval; `changed` says the
    facilitator corrected the idea after this participant voted for it.
    """

    id: int
    text: str
    mine: bool
    voted: bool
    status: str = IdeaStatus.VISIBLE.value
    changed: bool = False
    my_vote: int = 0  # the participant's up-vote (1), dots on it, or star rating; 0 if none
    public_id: str = ""  # the only id shown outside the server


@dataclass(frozen=True)
class StaffIdea:
    """An idea as a facilitator sees it, with status and vote count."""

    id: int
    text: str
    status: str
    votes: int
    created_at: datetime
    public_id: str = ""


def clean_idea_text(text: str) -> str:
    """Trim an idea and enforce its length and character rules."""
    if not isinstance(text, str):
        raise ValidationFailed(messages.IDEA_TOO_SHORT.format(min=IDEA_MIN), fields={"text": ""})
    cleaned = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    problem = None
    if has_control_characters(cleaned):
        problem = messages.IDEA_CONTROL_CHARS
    elif visible_length(cleaned) < IDEA_MIN:  # zero-width characters alone are not an idea
        problem = messages.IDEA_TOO_SHORT.format(min=IDEA_MIN)
    elif len(cleaned) > IDEA_MAX:
        problem = messages.IDEA_TOO_LONG.format(max=IDEA_MAX)
    if problem:
        raise ValidationFailed(problem, fields={"text": problem})
    return cleaned


def get_idea(idea_id: int) -> Idea:
    """Return an idea or raise NotFound."""
    idea = db.session.get(Idea, idea_id)
    if idea is None:
        raise NotFound(messages.IDEA_NOT_FOUND)
    return idea


def _require_phase(session_id: int, phase: str, message: str) -> BrainstormSession:
    session = lock_session(session_id)
    if session.phase != phase:
        db.session.rollback()
        raise WrongPhase(message)
    return session


def audience_of(idea: Idea) -> str:
    """Who may hear about a change to this idea: everyone if visible, else staff only."""
    return "all" if idea.status == IdeaStatus.VISIBLE.value else "staff"


def add_idea(
    session: BrainstormSession,
    participant: Participant,
    text: str,
    *,
    receipt: IdeaSubmission | None = None,
) -> Idea:
    """Record a participant's idea while the session is collecting (pending if pre-moderated).

    `receipt` (services.idea_submissions) is written in the same transaction, so an idea and
    the idempotency key it came with exist together or not at all.
    """
    cleaned = clean_idea_text(text)
    if participant.session_id != session.id:
        raise Forbidden(messages.PARTICIPANT_ONLY)
    return _record_idea(session, participant.id, cleaned, receipt)


def add_unattributed_idea(session: BrainstormSession, text: str) -> Idea:
    """Record an idea that belongs to no participant (a proposal from a team page), under the
    same rules: collecting phase, word filter, pre-moderation."""
    return _record_idea(session, None, clean_idea_text(text))


def _record_idea(
    session: BrainstormSession,
    participant_id: int | None,
    cleaned: str,
    receipt: IdeaSubmission | None = None,
) -> Idea:
    word_filter.check_text(cleaned)
    session = _require_phase(session.id, "collecting", messages.IDEAS_CLOSED)
    pending = session.moderation == "pre"
    idea = Idea(
        session_id=session.id,
        participant_id=participant_id,
        text=cleaned,
        status=(IdeaStatus.PENDING if pending else IdeaStatus.VISIBLE).value,
        created_at=floor_to_minute(utc_now()),
    )
    db.session.add(idea)
    db.session.flush()
    if receipt is not None:
        receipt.idea_id = idea.id
        db.session.add(receipt)
    name = events.IDEA_PENDING if pending else events.IDEA_ADDED
    data = {"id": idea.public_id, "text": idea.text}
    events.record(session.id, name, data, audience=audience_of(idea))
    db.session.commit()
    return idea


def _own_idea(idea: Idea, participant: Participant) -> None:
    if idea.participant_id != participant.id:
        raise Forbidden(messages.IDEA_NOT_YOURS)


def edit_idea(idea: Idea, participant: Participant, text: str) -> Idea:
    """Let an author reword their idea while ideas are being collected."""
    cleaned = clean_idea_text(text)
    _own_idea(idea, participant)
    word_filter.check_text(cleaned)
    _require_phase(idea.session_id, "collecting", messages.EDITS_CLOSED)
    replace_text(idea, cleaned)
    db.session.commit()
    return idea


def replace_text(idea: Idea, text: str, *, corrected: bool = False) -> None:
    """Change an idea's text in the current transaction; voters can tell it changed since."""
    idea.text = text
    idea.version += 1
    data = {"id": idea.public_id, "text": text, "version": idea.version, "corrected": corrected}
    events.record(idea.session_id, events.IDEA_CHANGED, data, audience=audience_of(idea))


def withdraw_idea(idea: Idea, participant: Participant) -> None:
    """Delete an author's own idea (and any votes on it) while collecting."""
    _own_idea(idea, participant)
    _require_phase(idea.session_id, "collecting", messages.EDITS_CLOSED)
    data = {"id": idea.public_id, "reason": "withdrawn"}
    events.record(idea.session_id, events.IDEA_REMOVED, data, audience=audience_of(idea))
    db.session.delete(idea)
    db.session.commit()


def visible_ideas(session: BrainstormSession) -> list[Idea]:
    """The ideas participants can see, oldest first: what gets clustered and ranked."""
    query = select(Idea).where(
        Idea.session_id == session.id, Idea.status == IdeaStatus.VISIBLE.value
    )
    return list(db.session.scalars(query.order_by(Idea.id)))


def visible_idea_count(session: BrainstormSession) -> int:
    """How many ideas participants can see (counted in the database, not loaded)."""
    query = select(func.count(Idea.id)).where(
        Idea.session_id == session.id, Idea.status == IdeaStatus.VISIBLE.value
    )
    return db.session.scalar(query)


PRIME = 4294967311  # above any id: (id * a + b) mod PRIME is a shuffle of the ids


def _personal_order(participant: Participant):
    """A stable shuffle of ids unique to each participant, computed in the database (pages)."""
    seed = int(participant.token_hash[:16], 16)
    multiplier, offset = seed % (PRIME - 1) + 1, (seed >> 32) % PRIME
    big = BigInteger()  # the products exceed PostgreSQL's 32-bit integer
    return (cast(Idea.id, big) * literal(multiplier, big) + literal(offset, big)) % PRIME


def _cards(rows, participant: Participant) -> list[ParticipantIdea]:
    votes = {
        idea_id: (version, value)
        for idea_id, version, value in db.session.execute(
            select(Vote.idea_id, Vote.idea_version, Vote.value).where(
                Vote.participant_id == participant.id, Vote.idea_id.in_([r.id for r in rows])
            )
        )
    }
    return [
        ParticipantIdea(
            row.id,
            row.text,
            row.participant_id == participant.id,
            row.id in votes,
            row.status,
            row.id in votes and votes[row.id][0] < row.version,
            votes[row.id][1] if row.id in votes else 0,
            row.public_id,
        )
        for row in rows
    ]


_CARD_COLUMNS = (Idea.id, Idea.public_id, Idea.text, Idea.participant_id, Idea.status, Idea.version)


def ideas_for_participant(
    session: BrainstormSession,
    participant: Participant,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[ParticipantIdea]:
    """Visible ideas in this participant's own random order, a page at a time.

    The first page starts with the participant's own ideas that still await approval.
    """
    query = (
        select(*_CARD_COLUMNS)
        .where(Idea.session_id == session.id, Idea.status == IdeaStatus.VISIBLE.value)
        .order_by(_personal_order(participant))
        .offset(offset)
        .limit(limit)
    )
    rows = list(db.session.execute(query).all())
    if offset == 0:
        own_pending = select(*_CARD_COLUMNS).where(
            Idea.participant_id == participant.id, Idea.status == IdeaStatus.PENDING.value
        )
        rows = list(db.session.execute(own_pending.order_by(Idea.id)).all()) + rows
    return _cards(rows, participant)


def ideas_for_participant_by_id(
    idea_ids: list[int], participant: Participant
) -> list[ParticipantIdea]:
    """These ideas as this participant sees them, in the order given."""
    if not idea_ids:
        return []
    rows = {
        row.id: row
        for row in db.session.execute(select(*_CARD_COLUMNS).where(Idea.id.in_(idea_ids)))
    }
    return _cards([rows[idea_id] for idea_id in idea_ids if idea_id in rows], participant)


def idea_for_participant(idea: Idea, participant: Participant) -> ParticipantIdea:
    """One idea as this participant sees it, without loading the rest of the room."""
    row = db.session.execute(select(*_CARD_COLUMNS).where(Idea.id == idea.id)).one()
    return _cards([row], participant)[0]


def staff_idea(idea: Idea) -> StaffIdea:
    """One idea as its facilitator sees it, with its votes."""
    votes = tallies.vote_counts(idea.session_id, [idea.id])[idea.id]
    return StaffIdea(idea.id, idea.text, idea.status, votes, idea.created_at, idea.public_id)


def ideas_for_staff(
    session: BrainstormSession,
    *,
    limit: int | None = None,
    offset: int = 0,
    newest_first: bool = False,
    statuses: tuple[str, ...] | None = None,
) -> list[StaffIdea]:
    """The session's ideas (oldest first, or newest first a page at a time) with vote totals."""
    order = (Idea.id.desc(),) if newest_first else (Idea.created_at, Idea.id)
    query = (
        select(Idea.id, Idea.public_id, Idea.text, Idea.status, Idea.created_at)
        .where(Idea.session_id == session.id)
        .order_by(*order)
        .offset(offset)
        .limit(limit)
    )
    if statuses is not None:
        query = query.where(Idea.status.in_(statuses))
    rows = db.session.execute(query).all()
    votes = tallies.vote_counts(session.id, [r.id for r in rows])
    return [StaffIdea(r.id, r.text, r.status, votes[r.id], r.created_at, r.public_id) for r in rows]
