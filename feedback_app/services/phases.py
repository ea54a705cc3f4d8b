"""The phase machine of a session and its timers.

A facilitator moves a session through draft → collecting → voting → results → closed (or one
step back). A collecting or voting phase may run on a timer: its deadline lives in the
database, so the session moves on when it runs out whoever notices first (any request that
locks the session, or the live front's ticker), even with no browser open.
"""

from datetime import timedelta

from sqlalchemy import select, update

from feedback_app import messages
from feedback_app.clock import utc_now
from feedback_app.errors import NotFound, ValidationFailed, WrongPhase
from feedback_app.extensions import db
from feedback_app.models import PHASES, BrainstormSession
from feedback_app.models.sessions import TIMED_PHASES, TIMER_MINUTES_MAX
from feedback_app.services import events
from feedback_app.services.live import timer_state, timer_state_of

# Forward moves plus one step back ("reopen"); anything else is refused.
PHASE_MOVES = {
    "draft": ("collecting",),
    "collecting": ("voting",),
    "voting": ("results", "collecting"),
    "results": ("closed", "voting"),
    "closed": ("results",),
}
NEXT_PHASE = {"draft": "collecting", "collecting": "voting", "voting": "results"}
EXTEND_BY = timedelta(minutes=1)


def allowed_phase_moves(session: BrainstormSession) -> tuple[str, ...]:
    """The phases this session may move to from where it is."""
    return PHASE_MOVES[session.phase]


def _load_locked(session_id: int, exclusive: bool) -> BrainstormSession:
    query = select(BrainstormSession).where(BrainstormSession.id == session_id)
    query = query.with_for_update(read=not exclusive)
    session = db.session.scalar(query.execution_options(populate_existing=True))
    if session is None:
        raise NotFound(messages.SESSION_MISSING)
    return session


def _expired(session: BrainstormSession) -> bool:
    return session.phase_deadline is not None and session.phase_deadline <= utc_now()


def lock_session(session_id: int, *, exclusive: bool = False) -> BrainstormSession:
    """Load a session row locked for this transaction, its phase timer honoured first."""
    session = _load_locked(session_id, exclusive)
    if _expired(session):
        db.session.rollback()
        advance_if_expired(session_id)
        session = _load_locked(session_id, exclusive)
    return session


def _enter(session: BrainstormSession, target: str, *, expired_only: bool = False) -> bool:
    """Move a session from the phase it was read in to `target`, with the target's preset timer.

    A compare-and-set: the UPDATE only applies if nobody moved the session since it was read
    (row locks do nothing on SQLite), so two callers racing over one session move it once.
    """
    minutes = {"collecting": session.collecting_minutes, "voting": session.voting_minutes}
    preset = minutes.get(target)
    deadline = utc_now() + timedelta(minutes=preset) if preset else None
    unchanged = [BrainstormSession.id == session.id, BrainstormSession.phase == session.phase]
    if expired_only:
        unchanged.append(BrainstormSession.phase_deadline <= utc_now())
    values = {"phase": target, "phase_deadline": deadline, "timer_remaining": None}
    closes_joining = target == "voting" and session.joining_open
    if closes_joining:  # late joiners could stuff the vote: the facilitator may reopen it
        values["joining_open"] = False
    result = db.session.execute(
        update(BrainstormSession)
        .where(*unchanged)
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        db.session.rollback()
        return False
    previous = session.phase
    db.session.expire(session)
    timer = timer_state_of(deadline, None)
    events.record(
        session.id,
        events.PHASE_CHANGED,
        {"phase": target, "previous": previous, "timer": timer},
    )
    if closes_joining:
        events.record(session.id, events.JOINING, {"open": False})
    return True


def change_phase(session: BrainstormSession, target: str) -> BrainstormSession:
    """Move a session to another phase if the phase machine allows it."""
    if target not in PHASES:
        text = messages.PHASE_UNKNOWN.format(phase=target)
        raise ValidationFailed(text, fields={"phase": text})
    session = _load_locked(session.id, exclusive=True)
    current = session.phase
    if target not in PHASE_MOVES[current] or not _enter(session, target):
        db.session.rollback()
        raise WrongPhase(messages.PHASE_MOVE_IMPOSSIBLE.format(current=current, target=target))
    db.session.commit()
    return session


def advance_if_expired(session_id: int) -> bool:
    """Move a session on if its timer ran out; True if this call moved it."""
    session = _load_locked(session_id, exclusive=True)
    if not _expired(session) or session.phase not in TIMED_PHASES:
        db.session.rollback()
        return False
    if not _enter(session, NEXT_PHASE[session.phase], expired_only=True):
        return False
    db.session.commit()
    return True


def advance_expired_phases() -> int:
    """Move on every session whose timer ran out (the live front calls this every second)."""
    query = select(BrainstormSession.id).where(
        BrainstormSession.phase_deadline <= utc_now(),
        BrainstormSession.phase.in_(TIMED_PHASES),
    )
    expired = list(db.session.scalars(query))
    db.session.rollback()
    return sum(advance_if_expired(session_id) for session_id in expired)


def _timer_changed(session: BrainstormSession) -> BrainstormSession:
    events.record(session.id, events.TIMER, timer_state(session))
    db.session.commit()
    return session


def _timed(session: BrainstormSession) -> BrainstormSession:
    session = lock_session(session.id, exclusive=True)
    if session.phase not in TIMED_PHASES:
        db.session.rollback()
        raise WrongPhase(messages.TIMER_WRONG_PHASE)
    return session


def check_minutes(minutes: int | None, field: str = "minutes") -> int | None:
    """A timer length: whole minutes from 1 to TIMER_MINUTES_MAX, or none."""
    if minutes is not None and not 1 <= minutes <= TIMER_MINUTES_MAX:
        text = messages.TIMER_MINUTES_INVALID.format(max=TIMER_MINUTES_MAX)
        raise ValidationFailed(text, fields={field: text})
    return minutes


def start_timer(session: BrainstormSession, minutes: int) -> BrainstormSession:
    """Run the current phase for `minutes` from now."""
    check_minutes(minutes)
    session = _timed(session)
    session.phase_deadline = utc_now() + timedelta(minutes=minutes)
    session.timer_remaining = None
    return _timer_changed(session)


def pause_timer(session: BrainstormSession) -> BrainstormSession:
    """Stop the clock, keeping the seconds left."""
    session = _timed(session)
    if session.phase_deadline is not None:
        left = (session.phase_deadline - utc_now()).total_seconds()
        session.timer_remaining = max(1, round(left))
        session.phase_deadline = None
    return _timer_changed(session)


def resume_timer(session: BrainstormSession) -> BrainstormSession:
    """Start the clock again with the seconds it had left."""
    session = _timed(session)
    if session.phase_deadline is None and session.timer_remaining:
        session.phase_deadline = utc_now() + timedelta(seconds=session.timer_remaining)
        session.timer_remaining = None
    return _timer_changed(session)


def extend_timer(session: BrainstormSession) -> BrainstormSession:
    """Give the current phase one more minute (running or paused)."""
    session = _timed(session)
    if session.phase_deadline is not None:
        session.phase_deadline += EXTEND_BY
    elif session.timer_remaining:
        session.timer_remaining += int(EXTEND_BY.total_seconds())
    else:
        db.session.rollback()
        raise WrongPhase(messages.TIMER_NOT_RUNNING)
    return _timer_changed(session)


def stop_timer(session: BrainstormSession) -> BrainstormSession:
    """Let the phase run until the facilitator moves it."""
    session = _timed(session)
    session.phase_deadline = None
    session.timer_remaining = None
    return _timer_changed(session)


def skip_phase(session: BrainstormSession) -> BrainstormSession:
    """End the current (collecting or voting) phase now and move to the next one."""
    session = _timed(session)
    target = NEXT_PHASE[session.phase]
    db.session.rollback()
    return change_phase(session, target)
