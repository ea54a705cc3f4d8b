"""Heavy groupings on a real RQ queue, worked off by `flask jobs-worker --burst` in this process."""

import os
import secrets
import signal
import threading

import pytest
from redis import Redis
from rq import Queue

from feedback_app import messages
from feedback_app.services import clustering, text
from tests.conftest import redis_or_skip
from tests.factories import add_ideas, cluster_count, make_session, reload, run_states
from tests.sample_ideas import THEMES

QUEUE_URL = os.environ.get("TEST_JOB_QUEUE_URL", "redis://127.0.0.1:6379/14")


@pytest.fixture
def queue(app):
    """A private queue on a real Redis; big sessions (over 5 ideas) go to it."""
    url = redis_or_skip(QUEUE_URL)
    name = f"test-{secrets.token_hex(6)}"
    app.config.update(JOB_QUEUE_URL=url, JOB_QUEUE_NAME=name, CLUSTER_SYNC_LIMIT=5)
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    connection = Redis.from_url(url)
    queue = Queue(name, connection=connection)
    yield queue
    for sig, handler in handlers.items():  # the worker installs its own; give pytest its back
        signal.signal(sig, handler)
    queue.delete(delete_jobs=True)  # jobs never worked off; finished ones expire by themselves
    for key in connection.scan_iter(f"rq:*{name}*"):
        connection.delete(key)
    connection.close()


@pytest.fixture
def themes(app):
    """A session with the 15 THEMES ideas; returns it and the idea ids of each theme."""
    session = make_session(phase="collecting")
    ideas = add_ideas(session, *[idea for texts in THEMES.values() for idea in texts])
    return session, {frozenset(idea.id for idea in ideas[i : i + 5]) for i in (0, 5, 10)}


def _work_off(runner) -> None:
    result = runner.invoke(args=["jobs-worker", "--burst"])
    assert result.exit_code == 0, result.output


def test_a_heavy_run_is_queued_and_the_jobs_worker_finishes_it(queue, runner, themes):
    session, expected = themes
    run = clustering.run_clustering(session, k=3)
    assert (run.status, run.progress, run.started_at) == ("running", 5, None)
    assert not [t for t in threading.enumerate() if t.name.startswith("cluster-run-")]
    [job] = queue.get_jobs()
    assert job.func_name == "feedback_app.services.jobs.perform"
    assert job.args == ("feedback_app.services.clustering:execute_run", run.id)
    _work_off(runner)
    finished = reload(run)
    assert (finished.status, finished.progress, finished.k) == ("done", 100, 3)
    assert finished.started_at is not None and finished.error is None
    assert {frozenset(m.idea_id for m in c.members) for c in finished.clusters} == expected
    assert queue.count == 0


def test_the_worker_skips_a_queued_run_that_was_given_up(app, queue, runner, themes):
    session, _ = themes
    abandoned = clustering.run_clustering(session, k=3)
    app.config["CLUSTER_RUN_STALE_AFTER"] = 0  # no worker took it up in time
    assert clustering.latest_run(session).error == messages.CLUSTER_RUN_NOT_STARTED
    app.config["CLUSTER_RUN_STALE_AFTER"] = 120
    again = clustering.run_clustering(session, k=3)
    assert again.status == "running" and queue.count == 2
    _work_off(runner)
    assert run_states(session) == [("failed", messages.CLUSTER_RUN_NOT_STARTED), ("done", None)]
    assert reload(abandoned).started_at is None and cluster_count(abandoned) == 0
    assert cluster_count(again) == 3


def test_the_semantic_method_always_goes_to_the_queue(app, queue, themes, monkeypatch):
    session, _ = themes
    app.config["CLUSTER_SYNC_LIMIT"] = 3000
    monkeypatch.setattr(text, "available_backends", lambda: {"nltk": True, "semantic": True})
    run = clustering.run_clustering(session, backend="semantic")
    assert (reload(run).status, reload(run).backend) == ("running", "semantic")
    [job] = queue.get_jobs()
    assert job.args == ("feedback_app.services.clustering:execute_run", run.id)
