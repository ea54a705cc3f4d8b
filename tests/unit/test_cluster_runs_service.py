"""Clustering runs cannot get stuck: heartbeats, giving up dead runs, one running run at a time."""

import threading
import time

import pytest
from sqlalchemy.exc import IntegrityError

from feedback_app import messages
from feedback_app.errors import Conflict
from feedback_app.extensions import db
from feedback_app.models import BrainstormSession, ClusterRun
from feedback_app.services import clustering, text
from tests.factories import (
    add_ideas,
    cluster_count,
    make_running_run,
    make_session,
    reload,
    run_states,
)
from tests.sample_ideas import THEMES

ALL_IDEAS = [idea for texts in THEMES.values() for idea in texts]
WAIT_S = 30


@pytest.fixture
def session(app):
    session = make_session(phase="collecting")
    add_ideas(session, *ALL_IDEAS)
    return session


def _held_in_threads(monkeypatch):
    """Hold the pipeline in background runs until the returned gate opens; inline runs pass."""
    gate, reached = threading.Event(), threading.Event()
    real = text.cluster_ideas

    def held_back(*args, **kwargs):
        if threading.current_thread().name.startswith("cluster-run-"):
            reached.set()
            gate.wait(WAIT_S)
        return real(*args, **kwargs)

    monkeypatch.setattr(text, "cluster_ideas", held_back)
    return gate, reached


def _join_run_thread(run_id: int) -> None:
    for thread in threading.enumerate():
        if thread.name == f"cluster-run-{run_id}":
            thread.join(WAIT_S)


def test_a_run_whose_heartbeat_stopped_is_failed_and_a_new_run_starts_at_once(app, session):
    stuck = make_running_run(session, silent_for_s=app.config["CLUSTER_RUN_STALE_AFTER"] + 1)
    run = clustering.run_clustering(session, k=3)
    assert run_states(session) == [("failed", messages.CLUSTER_RUN_STOPPED), ("done", None)]
    assert reload(stuck).progress == 20  # given up where it stopped, not pretended finished
    assert reload(run).k == 3 and cluster_count(run) == 3


def test_a_run_that_never_started_says_so_when_the_latest_run_is_read(app, session):
    make_running_run(session, silent_for_s=121, started=False)
    latest = clustering.latest_run(session)
    assert (latest.status, latest.error) == ("failed", messages.CLUSTER_RUN_NOT_STARTED)
    assert run_states(session) == [("failed", messages.CLUSTER_RUN_NOT_STARTED)]


def test_the_stale_limit_comes_from_the_config(app, session):
    app.config["CLUSTER_RUN_STALE_AFTER"] = 10
    make_running_run(session, silent_for_s=11)
    assert clustering.latest_run(session).status == "failed"


def test_a_run_with_a_recent_heartbeat_still_blocks_a_new_run(app, session):
    make_running_run(session, silent_for_s=app.config["CLUSTER_RUN_STALE_AFTER"] - 5)
    with pytest.raises(Conflict) as caught:
        clustering.run_clustering(session, k=3)
    assert caught.value.code == "clustering_running"
    assert run_states(session) == [("running", None)]


def test_the_database_refuses_a_second_running_run_when_the_check_is_raced(
    app, session, monkeypatch
):
    make_running_run(session)
    monkeypatch.setattr(clustering, "latest_run", lambda *args, **kwargs: None)
    with pytest.raises(Conflict) as caught:  # as if another request inserted after our check
        clustering.run_clustering(session, k=3)
    assert caught.value.code == "clustering_running"
    assert run_states(session) == [("running", None)]
    db.session.add(ClusterRun(session_id=session.id, status="running", near_duplicates=[]))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    other = make_session(phase="collecting")
    make_running_run(other)  # the rule is per session
    assert run_states(other) == [("running", None)]


def test_concurrent_requests_over_a_dead_run_start_exactly_one_new_run(app, session, monkeypatch):
    make_running_run(session, silent_for_s=121)
    gate, reached = threading.Event(), threading.Event()
    real = text.cluster_ideas

    def held_back(*args, **kwargs):
        reached.set()
        gate.wait(WAIT_S)  # keep the winner's run running while the others try
        return real(*args, **kwargs)

    monkeypatch.setattr(text, "cluster_ideas", held_back)
    barrier, outcomes, session_id = threading.Barrier(4), [], session.id

    def request() -> None:
        with app.app_context():  # its own database session, as each web request has
            own = db.session.get(BrainstormSession, session_id)
            try:
                barrier.wait(WAIT_S)
                outcomes.append(clustering.run_clustering(own, k=3).status)
            except Conflict as error:
                outcomes.append(error.code)
                if len(outcomes) == 3:
                    gate.set()
            except Exception as error:
                outcomes.append(repr(error))
                raise
            finally:
                db.session.remove()

    threads = [threading.Thread(target=request) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT_S)
    gate.set()
    assert sorted(outcomes) == ["clustering_running"] * 3 + ["done"]
    assert reached.is_set()
    assert run_states(session) == [("failed", messages.CLUSTER_RUN_STOPPED), ("done", None)]


def test_the_heartbeat_advances_while_a_run_executes(app, session, monkeypatch):
    app.config.update(CLUSTER_SYNC_LIMIT=5, CLUSTER_RUN_STALE_AFTER=1)  # a beat every 0.25 s
    gate, reached = _held_in_threads(monkeypatch)
    try:
        run = clustering.run_clustering(session, k=3)
        assert reached.wait(WAIT_S)
        first = reload(run)
        assert first.started_at is not None and first.progress == 20
        beat = first.heartbeat_at
        time.sleep(1.5)  # longer than the stale limit: only the heartbeat keeps it alive
        assert reload(run).heartbeat_at > beat
        assert clustering.latest_run(session).status == "running"
    finally:
        gate.set()
    _join_run_thread(run.id)
    finished = reload(run)
    assert (finished.status, finished.progress, finished.k) == ("done", 100, 3)
    assert finished.heartbeat_at > beat and cluster_count(run) == 3


def test_a_run_given_up_while_it_executes_never_comes_back(app, session, monkeypatch):
    app.config["CLUSTER_SYNC_LIMIT"] = 5
    gate, reached = _held_in_threads(monkeypatch)
    try:
        slow = clustering.run_clustering(session, k=3)
        assert reached.wait(WAIT_S)
        # As if its heartbeat had stopped; the newer run gives it up and runs inline.
        app.config.update(CLUSTER_RUN_STALE_AFTER=0, CLUSTER_SYNC_LIMIT=3000)
        newer = clustering.run_clustering(session, k=2)
        assert newer.status == "done"
        app.config["CLUSTER_RUN_STALE_AFTER"] = 120
    finally:
        gate.set()
    _join_run_thread(slow.id)
    assert run_states(session) == [("failed", messages.CLUSTER_RUN_STOPPED), ("done", None)]
    assert cluster_count(slow) == 0  # its late result was dropped, not stored
    assert clustering.latest_run(session, finished=True).id == newer.id


def test_a_pipeline_error_fails_the_run_and_frees_the_session(app, session, monkeypatch):
    monkeypatch.setattr(text, "cluster_ideas", lambda *args, **kwargs: 1 / 0)
    failed = clustering.run_clustering(session, k=3)
    assert (failed.status, failed.error) == ("failed", "division by zero")
    monkeypatch.undo()
    assert clustering.run_clustering(session, k=3).status == "done"


@pytest.mark.parametrize(
    ("queue", "ideas", "backend", "mode"),
    [
        ("", 5, "nltk", "inline"),
        ("", 5, "semantic", "inline"),
        ("", 6, "nltk", "thread"),
        ("redis://queue.test:6379/0", 5, "nltk", "inline"),
        ("redis://queue.test:6379/0", 5, "semantic", "queue"),
        ("redis://queue.test:6379/0", 6, "nltk", "queue"),
    ],
)
def test_heavy_runs_leave_the_web_worker(app, queue, ideas, backend, mode):
    app.config.update(JOB_QUEUE_URL=queue, CLUSTER_SYNC_LIMIT=5)
    assert clustering.execution_mode(ideas, backend) == mode


def test_an_unreachable_queue_fails_the_run_with_a_clear_message(app, session):
    app.config.update(JOB_QUEUE_URL="redis://127.0.0.1:1/0", CLUSTER_SYNC_LIMIT=5)
    run = clustering.run_clustering(session, k=3)
    assert (run.status, run.error) == ("failed", messages.JOB_QUEUE_DOWN)
    assert run_states(session) == [("failed", messages.JOB_QUEUE_DOWN)]
    app.config["JOB_QUEUE_URL"] = ""
    app.config["CLUSTER_SYNC_LIMIT"] = 3000
    assert clustering.run_clustering(session, k=3).status == "done"
