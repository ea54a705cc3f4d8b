"""Domain events: logged with the change that causes them, published once it commits.

`record` numbers an event in the session's own sequence and stores it in the same transaction
as the change, so a live page that reconnects replays exactly what it missed. The events of a
transaction reach the broker (feedback_app.live.broker) only after it commits. `signal` is for
changes that need no replay (vote tallies, participant counts, grouping progress): pages get
fresh totals instead. No event ever carries participant identity.
"""

from flask import current_app, has_app_context
from sqlalchemy import event as sa_event
from sqlalchemy import select, update
from sqlalchemy.orm import Session as OrmSession

from feedback_app.extensions import db
from feedback_app.models import SessionEvent, SessionEventCounter

BROKER_KEY = "feedback_app.broker"

# Logged events (replayed after a reconnect)
IDEA_ADDED = "idea.added"  # visible to everyone
IDEA_PENDING = "idea.pending"  # waiting for approval: facilitators only
IDEA_CHANGED = "idea.changed"  # text corrected or reworded
IDEA_REMOVED = "idea.removed"  # hidden, withdrawn, merged or off-topic: leaves every list
IDEA_STATUS = "idea.status"  # the facilitator's view of any status change
PHASE_CHANGED = "phase"
TIMER = "timer"
JOINING = "joining"
COMMENT_ADDED = "comment.added"  # visible to everyone (pending ones: staff only)
COMMENT_REMOVED = "comment.removed"
SETTINGS = "settings"
# Signals (not logged)
VOTES = "votes"
PARTICIPANTS = "participants"
CLUSTERING = "clustering"

_PENDING_KEY = "feedback_app.pending_events"


def broker():
    """The app's broker (created by the factory)."""
    return current_app.extensions[BROKER_KEY]


def _message(session_id: int, seq: int | None, name: str, audience: str, data: dict) -> dict:
    return {"session_id": session_id, "seq": seq, "name": name, "audience": audience, "data": data}


def next_seq(session_id: int) -> int:
    """Take the session's next event number (locks its counter row until commit)."""
    result = db.session.execute(
        update(SessionEventCounter)
        .where(SessionEventCounter.session_id == session_id)
        .values(last_seq=SessionEventCounter.last_seq + 1)
        .returning(SessionEventCounter.last_seq)
    )
    seq = result.scalar_one_or_none()
    if seq is None:  # a session created before the counters existed
        db.session.add(SessionEventCounter(session_id=session_id, last_seq=1))
        db.session.flush()
        seq = 1
    return seq


def record(session_id: int, name: str, data: dict, *, audience: str = "all") -> None:
    """Log an event in the current transaction; it is published when the transaction commits."""
    seq = next_seq(session_id)
    db.session.add(
        SessionEvent(session_id=session_id, seq=seq, kind=name, audience=audience, data=data)
    )
    pending = db.session.info.setdefault(_PENDING_KEY, [])
    pending.append(_message(session_id, seq, name, audience, data))


def logged_after(session_id: int, after: int, limit: int = 1000) -> list[dict]:
    """The session's logged events after `after`, in order, as the broker carries them.

    For the hub, when a later event reaches it before an earlier one: publishing happens
    after each commit, so two requests can publish in the other order than they committed.
    """
    rows = db.session.execute(
        select(SessionEvent.seq, SessionEvent.kind, SessionEvent.audience, SessionEvent.data)
        .where(SessionEvent.session_id == session_id, SessionEvent.seq > after)
        .order_by(SessionEvent.seq)
        .limit(limit)
    )
    return [_message(session_id, r.seq, r.kind, r.audience, r.data) for r in rows]


def signal(session_id: int, name: str, data: dict | None = None, *, audience: str = "all") -> None:
    """Publish a change that needs no replay; call it after the change is committed."""
    _publish(_message(session_id, None, name, audience, data or {}))


def _publish(message: dict) -> None:
    try:
        broker().publish(message)
    except Exception:  # a lost live update must never undo a committed change
        current_app.logger.exception("could not publish %s", message["name"])


@sa_event.listens_for(OrmSession, "after_commit")
def _publish_after_commit(session: OrmSession) -> None:
    pending = session.info.pop(_PENDING_KEY, None)
    if pending and has_app_context():
        for message in pending:
            _publish(message)


@sa_event.listens_for(OrmSession, "after_rollback")
def _forget_after_rollback(session: OrmSession) -> None:
    session.info.pop(_PENDING_KEY, None)
