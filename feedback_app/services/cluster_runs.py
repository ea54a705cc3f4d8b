"""Liveness of clustering runs: take a run up, keep its heartbeat going, give up dead ones.

A run is "running" from the request that creates it until the code executing it (inline, a
thread, or a queued job) marks it done or failed. Whatever executes it beats its heartbeat
at each progress step and, from a small thread, every few seconds in between. A running run
whose heartbeat is older than CLUSTER_RUN_STALE_AFTER seconds is given up (marked failed),
in one place, `give_up_stale_runs`, called whenever anything looks for the latest run.

Every change of a run's state is a conditional UPDATE (`… WHERE status = 'running'`): a run
that was given up never comes back to life, and two requests cannot both give it up and
both start a new one (the one-running-run index refuses the second).
"""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from flask import current_app
from sqlalchemy import Engine, case, select, update

from feedback_app import messages
from feedback_app.clock import utc_now
from feedback_app.extensions import db
from feedback_app.models import ClusterRun

HEARTBEAT_EVERY_MAX_S = 30.0
HEARTBEAT_EVERY_MIN_S = 0.1
PROGRESS_STARTED = 10


def stale_after_s() -> float:
    """Seconds without a heartbeat after which a running run counts as dead."""
    return float(current_app.config["CLUSTER_RUN_STALE_AFTER"])


def heartbeat_every_s() -> float:
    """Beat four times within the stale limit, so one slow beat never kills a live run."""
    return max(HEARTBEAT_EVERY_MIN_S, min(HEARTBEAT_EVERY_MAX_S, stale_after_s() / 4))


def give_up_stale_runs(session_id: int) -> int:
    """Mark the session's running runs failed when their heartbeat stopped; return how many."""
    cutoff = utc_now() - timedelta(seconds=stale_after_s())
    stale = (
        ClusterRun.session_id == session_id,
        ClusterRun.status == "running",
        ClusterRun.heartbeat_at < cutoff,
    )
    if db.session.scalar(select(ClusterRun.id).where(*stale).limit(1)) is None:
        return 0  # the common case: no write, so no lock taken on a read path
    reason = case(
        (ClusterRun.started_at.is_(None), messages.CLUSTER_RUN_NOT_STARTED),
        else_=messages.CLUSTER_RUN_STOPPED,
    )
    result = db.session.execute(
        update(ClusterRun).where(*stale).values(status="failed", error=reason),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()
    if result.rowcount:
        current_app.logger.warning(
            "gave up %s clustering run(s) of session %s: no heartbeat for %ss",
            result.rowcount,
            session_id,
            stale_after_s(),
        )
    return result.rowcount


def take_up(run_id: int) -> bool:
    """Mark the run started; False if it was given up (or taken up) before this worker came."""
    now = utc_now()
    with db.engine.begin() as connection:
        result = connection.execute(
            update(ClusterRun)
            .where(
                ClusterRun.id == run_id,
                ClusterRun.status == "running",
                ClusterRun.started_at.is_(None),
            )
            .values(started_at=now, heartbeat_at=now, progress=PROGRESS_STARTED)
        )
    return result.rowcount == 1


def beat(engine: Engine, run_id: int, progress: int | None = None) -> bool:
    """Say the run is alive (and how far it got), in its own short transaction.

    Returns False once the run is no longer running, e.g. given up as stale.
    """
    values = {"heartbeat_at": utc_now()}
    if progress is not None:
        values["progress"] = progress
    with engine.begin() as connection:
        result = connection.execute(
            update(ClusterRun)
            .where(ClusterRun.id == run_id, ClusterRun.status == "running")
            .values(**values)
        )
    return result.rowcount == 1


def fail(run_id: int, error: str) -> None:
    """Mark a running run failed with the reason (a run given up already keeps its own)."""
    db.session.execute(
        update(ClusterRun)
        .where(ClusterRun.id == run_id, ClusterRun.status == "running")
        .values(status="failed", error=error[:300] or "failed", heartbeat_at=utc_now()),
        execution_options={"synchronize_session": False},
    )
    db.session.commit()


@contextmanager
def heartbeat(run_id: int) -> Iterator[None]:
    """Beat for the run from a thread while the block executes; the thread ends with it."""
    engine, logger, every = db.engine, current_app.logger, heartbeat_every_s()
    stop = threading.Event()

    def beat_until_stopped() -> None:
        while not stop.wait(every):
            try:
                if not beat(engine, run_id):
                    return  # given up or finished: nothing left to keep alive
            except Exception:  # a missed beat is not fatal; the next one may get through
                logger.exception("heartbeat of clustering run %s failed", run_id)

    thread = threading.Thread(
        target=beat_until_stopped, name=f"cluster-run-{run_id}-heartbeat", daemon=True
    )
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()
