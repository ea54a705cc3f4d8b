"""What each live audience may see of a session, and the state a stream starts from.

Three audiences: participants (visible ideas, the phase, the timer; no tallies before the
results), the projector (the same, plus the number of votes cast, and per-idea counts only when
the facilitator switches them on) and staff (everything, including pending and hidden ideas
and live tallies). Events are replayed from the session's log after a reconnect.
"""

from dataclasses import dataclass

from sqlalchemy import func, select

from feedback_app.clock import utc_now
from feedback_app.extensions import db
from feedback_app.models import (
    BrainstormSession,
    Idea,
    Participant,
    SessionEvent,
    SessionEventCounter,
)
from feedback_app.services import tallies

PARTICIPANT, PROJECTOR, STAFF = "participant", "projector", "staff"
AUDIENCES = (PARTICIPANT, PROJECTOR, STAFF)
REPLAY_MAX = 1000  # further behind than this, a page starts over instead of replaying


@dataclass(frozen=True)
class LiveEvent:
    """An event as a stream sends it."""

    seq: int | None
    name: str
    data: dict


def may_see(event_audience: str, audience: str) -> bool:
    """Staff see every event; participants and the projector only those meant for all."""
    return audience == STAFF or event_audience == "all"


def last_seq(session_id: int) -> int:
    """The number of the session's latest logged event (0 before the first)."""
    query = select(SessionEventCounter.last_seq).where(SessionEventCounter.session_id == session_id)
    return db.session.scalar(query) or 0


@dataclass(frozen=True)
class Replay:
    """What a stream missed: the events it may see, and the last event number it has now."""

    events: list[LiveEvent]
    last_seq: int
    too_far_behind: bool = False


def replay(session_id: int, audience: str, after: int) -> Replay:
    """Logged events after `after` that this audience may see (numbers of hidden ones count)."""
    rows = db.session.execute(
        select(SessionEvent.seq, SessionEvent.kind, SessionEvent.audience, SessionEvent.data)
        .where(SessionEvent.session_id == session_id, SessionEvent.seq > after)
        .order_by(SessionEvent.seq)
        .limit(REPLAY_MAX + 1)
    ).all()
    if len(rows) > REPLAY_MAX:
        return Replay([], last_seq(session_id), too_far_behind=True)
    seen = [LiveEvent(r.seq, r.kind, r.data) for r in rows if may_see(r.audience, audience)]
    return Replay(seen, rows[-1].seq if rows else after)


def timer_state(session: BrainstormSession) -> dict:
    """The phase timer as pages show it: a deadline to count down to, or paused seconds."""
    return timer_state_of(session.phase_deadline, session.timer_remaining)


def timer_state_of(deadline, remaining: int | None) -> dict:
    """The timer of a deadline (running) or of the seconds a paused timer has left."""
    now = utc_now()
    return {
        "running": deadline is not None,
        "seconds_left": max(0, round((deadline - now).total_seconds()))
        if deadline is not None
        else remaining,
        "deadline": deadline.isoformat(timespec="seconds") + "Z" if deadline else None,
        "server_now": now.isoformat(timespec="seconds") + "Z",
    }


def votes_cast(session_id: int) -> int:
    """Votes on the session's visible ideas (dots, ratings or pairwise choices, by mode)."""
    return tallies.votes_cast(session_id)


def participant_total(session_id: int) -> int:
    """People who joined the session."""
    query = select(func.count(Participant.id)).where(Participant.session_id == session_id)
    return db.session.scalar(query) or 0


def snapshot(session: BrainstormSession, audience: str) -> dict:
    """The state a stream (re)starts from: phase, joining, timer and counts."""
    state = {
        "phase": session.phase,
        "joining_open": session.joining_open,
        "timer": timer_state(session),
        "participants": participant_total(session.id),
        "show_live_counts": session.show_live_counts,
    }
    if audience != PARTICIPANT:
        state["votes_cast"] = votes_cast(session.id)
    return state


def tally(session_id: int, idea_ids: list[int]) -> dict:
    """Fresh totals after votes: all votes cast, and the counts of the ideas that changed."""
    counts = tallies.vote_counts(session_id, idea_ids)
    session = db.session.get(BrainstormSession, session_id)
    public_ids = dict(
        db.session.execute(select(Idea.id, Idea.public_id).where(Idea.id.in_(list(counts)))).all()
    )
    return {
        "votes_cast": votes_cast(session_id),
        "ideas": {
            public_ids[idea_id]: count for idea_id, count in counts.items() if idea_id in public_ids
        },
        "show_live_counts": bool(session and session.show_live_counts),
    }


def tally_for(audience: str, totals: dict) -> dict | None:
    """What an audience sees of a tally: staff all, the projector the total (counts if shown)."""
    if audience == STAFF:
        return {"votes_cast": totals["votes_cast"], "ideas": totals["ideas"]}
    if audience == PROJECTOR:
        shown = {"votes_cast": totals["votes_cast"]}
        if totals["show_live_counts"]:
            shown["ideas"] = totals["ideas"]
        return shown
    return None
