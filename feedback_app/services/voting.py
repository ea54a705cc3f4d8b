"""Voting in four modes, safe under double clicks, races and bursts.

* upvote: one vote per participant and idea;
* dots: each participant spends a budget of dots, at most `dots_per_idea` on one idea;
* stars: a 1–5 rating per participant and idea;
* pairwise: choices between two ideas, recorded by services.pairwise (not here).

Every rule is enforced by the statement that writes the vote, so no burst of parallel requests
can break it: the phase, the idea's visibility and the self-vote rule are conditions of the
INSERT … SELECT, the dot budget is a conditional UPDATE of the participant's own row, the cap
per idea a conditional upsert. On the common path a vote is one or two statements and a commit;
only a refused vote reads more, to say why.
"""

from dataclasses import dataclass

from sqlalchemy import DateTime, Integer, and_, bindparam, delete, or_, select, true, update
from sqlalchemy.dialects import postgresql, sqlite

from feedback_app import messages
from feedback_app.clock import utc_now
from feedback_app.errors import Conflict, NotFound, ValidationFailed, WrongPhase
from feedback_app.extensions import db
from feedback_app.models import BrainstormSession, Idea, IdeaStatus, Participant, Vote
from feedback_app.services import events, prepared
from feedback_app.services.phases import advance_if_expired
from feedback_app.services.public_ids import find_idea_id

STARS = range(1, 6)

# An idea as a vote names it: its internal id, or the public id of a request's URL, which the
# vote's write matches itself (one read fewer per vote).
IdeaRef = int | str


@dataclass(frozen=True)
class VoteState:
    """Where a participant's vote on an idea stands after a request."""

    idea_id: int
    mode: str
    created: bool
    voted: bool
    removed: bool | None = None  # said only when taking a vote back
    dots: int | None = None
    dots_left: int | None = None
    stars: int | None = None


def _insert():
    """INSERT with ON CONFLICT for the database in use."""
    return (postgresql if db.engine.dialect.name == "postgresql" else sqlite).insert(Vote)


def _eligible(idea_id: int, participant: Participant):
    """The visible idea, if the participant may vote on it now (the conditions of the write)."""
    return _eligible_for(Idea.id == idea_id, participant.session_id, participant.id, utc_now())


def _eligible_for(this_idea, session_id, participant_id, now):
    """`_eligible` from values or bind parameters (for the statements compiled once)."""
    query = (
        select(Idea.id, Idea.version)
        .join(BrainstormSession, BrainstormSession.id == Idea.session_id)
        .where(
            this_idea,
            Idea.session_id == session_id,
            Idea.status == IdeaStatus.VISIBLE.value,
            BrainstormSession.phase == "voting",
            or_(BrainstormSession.phase_deadline.is_(None), BrainstormSession.phase_deadline > now),
            or_(
                BrainstormSession.allow_self_votes.is_(True),
                Idea.participant_id.is_(None),
                Idea.participant_id != participant_id,
            ),
        )
    )
    if db.engine.dialect.name == "postgresql":  # a phase change waits for votes in flight
        query = query.with_for_update(read=True, of=BrainstormSession)
    return query


def _new_vote(*, capped: bool = False, by_public_id: bool = False):
    """INSERT the participant's vote on the idea if it is eligible, RETURNING what was written
    (the idea's internal id, and the vote's value).

    Not capped: nothing happens when the vote is already there (up-votes, ratings). Capped:
    one more dot, up to the bind parameter `cap` (dots). Only bind parameters vary, so that it
    is compiled once (services.prepared): idea (an id, or a public id), session_id,
    participant_id, now, value[, cap].
    """
    number = Integer()
    participant_id = bindparam("participant_id", type_=number)
    if by_public_id:
        this_idea = Idea.public_id == bindparam("idea", type_=Idea.public_id.type)
    else:
        this_idea = Idea.id == bindparam("idea", type_=number)
    eligible = _eligible_for(
        this_idea,
        bindparam("session_id", type_=number),
        participant_id,
        bindparam("now", type_=DateTime()),
    ).subquery()
    statement = _insert().from_select(
        ["idea_id", "participant_id", "value", "idea_version"],
        select(
            eligible.c.id, participant_id, bindparam("value", type_=number), eligible.c.version
        ).where(
            true()  # SQLite reads "ON CONFLICT" after a bare FROM as a join's ON
        ),
    )
    if not capped:
        return statement.on_conflict_do_nothing(
            index_elements=["idea_id", "participant_id"]
        ).returning(Vote.idea_id, Vote.value)
    return statement.on_conflict_do_update(
        index_elements=["idea_id", "participant_id"],
        set_={"value": Vote.value + 1},
        where=Vote.value < bindparam("cap", type_=number),
    ).returning(Vote.idea_id, Vote.value)


def _write_vote(name: str, idea: IdeaRef, participant: Participant, value: int, **extra):
    """Run the prepared INSERT `name` for this idea; returns (idea_id, value) as written, or
    None when nothing was."""
    capped, by_public_id = "cap" in extra, isinstance(idea, str)
    return prepared.execute(
        f"{name} (by public id)" if by_public_id else name,
        lambda: _new_vote(capped=capped, by_public_id=by_public_id),
        idea=idea,
        session_id=participant.session_id,
        participant_id=participant.id,
        now=utc_now(),
        value=value,
        **extra,
    ).one_or_none()


def _idea_id(idea: IdeaRef) -> int:
    """The internal id of the idea, read only on the paths that need it (NotFound if none)."""
    return find_idea_id(idea) if isinstance(idea, str) else idea


def _refusal(idea_id: int, participant: Participant, session: BrainstormSession):
    """Why a vote on this idea is refused now, or None if every rule but a count allows it.

    Called after a write matched nothing: rolls back, then reads the current state (the only
    path that reads the idea).
    """
    db.session.rollback()
    idea = db.session.get(Idea, idea_id)
    if idea is None:
        return NotFound(messages.IDEA_NOT_FOUND)
    if idea.session_id != participant.session_id or idea.status != IdeaStatus.VISIBLE.value:
        return NotFound(messages.IDEA_NOT_FOUND)
    if session.phase_deadline is not None and session.phase_deadline <= utc_now():
        advance_if_expired(session.id)
        return WrongPhase(messages.VOTING_CLOSED)
    if session.phase != "voting":
        return WrongPhase(messages.VOTING_CLOSED)
    if not session.allow_self_votes and idea.participant_id == participant.id:
        return Conflict(messages.SELF_VOTE, code="self_vote")
    return None


def cast_vote(idea: IdeaRef, participant: Participant, *, stars: int | None = None) -> VoteState:
    """Vote in the session's mode: an up-vote, one more dot, or a rating of `stars`.

    Takes the idea's id or public id, not the idea: the write finds and checks it, so the
    common path reads nothing before it (the participant comes with its session, loaded with
    the token).
    """
    session = participant.session
    mode = session.voting_mode
    if mode == "pairwise":
        raise Conflict(messages.VOTE_IN_PAIRS, code="pairwise_session")
    if mode == "stars":
        return _rate(idea, participant, session, stars)
    if mode == "dots":
        return _add_dot(idea, participant, session)
    return _upvote(idea, participant, session)


def _version_of(eligible):
    """The idea's current version, as a value inside the write (no read before it)."""
    return select(eligible.c.version).scalar_subquery()


def _vote_once(
    idea: IdeaRef, participant: Participant, session: BrainstormSession, new_value: int, **again
) -> tuple[int, bool]:
    """Write the participant's one vote on the idea: a new row with `new_value`, or, when it is
    there already, that row updated with `again` and the idea's current version (so a voter
    who votes again has seen today's wording). Returns (idea_id, created)."""
    written = _write_vote("vote once", idea, participant, new_value)
    if written is not None:
        return written.idea_id, True
    idea_id = _idea_id(idea)
    eligible = _eligible(idea_id, participant).subquery()
    updated = db.session.execute(
        update(Vote)
        .where(Vote.idea_id == idea_id, Vote.participant_id == participant.id)
        .where(Vote.idea_id.in_(select(eligible.c.id)))
        .values(idea_version=_version_of(eligible), **again)
    )
    if updated.rowcount == 0:
        raise _refusal(idea_id, participant, session) or WrongPhase(messages.VOTING_CLOSED)
    return idea_id, False


def _upvote(idea: IdeaRef, participant: Participant, session: BrainstormSession) -> VoteState:
    idea_id, created = _vote_once(idea, participant, session, 1)  # again: still one vote
    _commit_and_signal(participant.session_id, idea_id, created)
    return VoteState(idea_id, "upvote", created, voted=True)


def _commit_and_signal(session_id: int, idea_id: int, changed: bool = True) -> None:
    """Commit the vote, then tell live pages its idea's tally changed.

    Takes the session's id before the commit: read after it, from the expired participant,
    it cost one more query per vote.
    """
    db.session.commit()
    if changed:
        events.signal(session_id, events.VOTES, {"idea_ids": [idea_id]})


def _dots_left(session: BrainstormSession, used: int) -> int:
    return max(0, session.dot_budget - used)


def _add_dot(idea: IdeaRef, participant: Participant, session: BrainstormSession) -> VoteState:
    spent = db.session.execute(  # the budget, checked and spent on the participant's own row
        update(Participant)
        .where(Participant.id == participant.id, Participant.dots_used < session.dot_budget)
        .values(dots_used=Participant.dots_used + 1)
        .returning(Participant.dots_used)
    ).scalar_one_or_none()
    if spent is None:
        raise _refusal(_idea_id(idea), participant, session) or Conflict(
            messages.DOTS_SPENT.format(budget=session.dot_budget), code="dot_budget_spent"
        )
    written = _write_vote("one more dot", idea, participant, 1, cap=session.dots_per_idea)
    if written is None:  # the cap of this idea: the dot spent above is rolled back too
        raise _refusal(_idea_id(idea), participant, session) or Conflict(
            messages.DOTS_CAPPED.format(cap=session.dots_per_idea), code="dot_cap_reached"
        )
    idea_id, dots = written
    left = _dots_left(session, spent)
    _commit_and_signal(participant.session_id, idea_id)
    return VoteState(idea_id, "dots", True, voted=True, dots=dots, dots_left=left)


def _rate(
    idea: IdeaRef, participant: Participant, session: BrainstormSession, stars: int | None
) -> VoteState:
    if stars not in STARS:
        raise ValidationFailed(messages.STARS_INVALID, fields={"stars": messages.STARS_INVALID})
    idea_id, created = _vote_once(idea, participant, session, stars, value=stars)
    _commit_and_signal(participant.session_id, idea_id)
    return VoteState(idea_id, "stars", created, voted=True, stars=stars)


def remove_vote(idea_id: int, participant: Participant) -> VoteState:
    """Take a vote back: the up-vote, one dot, or the rating."""
    session = participant.session
    if session.voting_mode == "pairwise":
        raise Conflict(messages.VOTE_IN_PAIRS, code="pairwise_session")
    refusal = _refusal(idea_id, participant, session)
    if isinstance(refusal, NotFound | WrongPhase):  # taking back one's own vote is always fine
        raise refusal
    mine = and_(Vote.idea_id == idea_id, Vote.participant_id == participant.id)
    if session.voting_mode == "dots":
        return _take_dot(idea_id, participant, session, mine)
    removed = db.session.execute(delete(Vote).where(mine)).rowcount > 0
    mode = session.voting_mode
    _commit_and_signal(participant.session_id, idea_id, removed)
    return VoteState(idea_id, mode, False, voted=False, removed=removed)


def _take_dot(idea_id, participant, session, mine) -> VoteState:
    dots = db.session.execute(
        update(Vote).where(mine, Vote.value > 1).values(value=Vote.value - 1).returning(Vote.value)
    ).scalar_one_or_none()
    if dots is None:
        gone = db.session.execute(delete(Vote).where(mine, Vote.value == 1)).rowcount
        dots = 0
        if not gone:
            used = db.session.scalar(
                select(Participant.dots_used).where(Participant.id == participant.id)
            )
            db.session.rollback()
            left = _dots_left(session, used or 0)
            return VoteState(
                idea_id, "dots", False, voted=False, removed=False, dots=0, dots_left=left
            )
    used = db.session.execute(
        update(Participant)
        .where(Participant.id == participant.id, Participant.dots_used > 0)
        .values(dots_used=Participant.dots_used - 1)
        .returning(Participant.dots_used)
    ).scalar_one()
    left = _dots_left(session, used)
    _commit_and_signal(participant.session_id, idea_id)
    return VoteState(
        idea_id, "dots", False, voted=dots > 0, removed=True, dots=dots, dots_left=left
    )


def refund_dots(idea: Idea) -> int:
    """Give back the dots spent on an idea taken out of the vote (hidden, off-topic), so its
    voters can spend them on the ideas still standing. Returns the dots given back; the caller
    commits."""
    spent = db.session.execute(
        delete(Vote).where(Vote.idea_id == idea.id).returning(Vote.participant_id, Vote.value)
    ).all()
    for participant_id, dots in spent:
        db.session.execute(
            update(Participant)
            .where(Participant.id == participant_id, Participant.dots_used >= dots)
            .values(dots_used=Participant.dots_used - dots)
        )
    if spent:
        events.signal(idea.session_id, events.VOTES, {"idea_ids": [idea.id]})
    return sum(dots for _, dots in spent)
