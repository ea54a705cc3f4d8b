"""The production stack as the README documents it, started for real and used through a balancer.

`flask db upgrade` and `flask check-schema` first; then two gunicorn instances with
gunicorn.conf.py (the live worker class, 2 workers each), PostgreSQL, one Redis for live events,
rate limits and the job queue, one `flask jobs-worker`, and benchmarks/balancer.py (round robin,
one backend per connection) in front. Everything a person does goes through the balancer.
"""

import os
import secrets
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from benchmarks._server import stored_votes
from benchmarks.balancer import balancer_thread
from tests.conftest import postgres_database_or_skip, redis_or_skip
from tests.live.conftest import HttpApi
from tests.live.instances import (
    flask,
    gunicorn,
    instance_env,
    running_instances,
    running_processes,
)
from tests.live.sse import EventStream
from tests.ops.http import wait_until

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
STAFF = {"email": "stack@example.com", "password": "correct horse battery staple"}
IDEAS_PER_MINUTE = 6  # PARTICIPANT_RATE_LIMIT: counted in Redis, so over all four workers


@pytest.fixture
def stack():
    """The documented stack on a fresh PostgreSQL database; yields (balancer, instances, env)."""
    database = postgres_database_or_skip("feedback_stack")
    redis = redis_or_skip(REDIS_URL)
    env = instance_env(database, redis)
    env.update(
        RATELIMIT_STORAGE_URI=redis,
        JOB_QUEUE_URL=redis,
        JOB_QUEUE_NAME=f"stack-test-{secrets.token_hex(4)}",  # a queue of this run's own
        PARTICIPANT_RATE_LIMIT=f"{IDEAS_PER_MINUTE} per minute",
        CLUSTER_SYNC_LIMIT="2",  # more ideas than this: grouped by the jobs worker
        GUNICORN_LOG_LEVEL="warning",
    )
    flask(env, "db", "upgrade")
    with ThreadPoolExecutor(2) as steps:  # both only read the schema: side by side, to save time
        checked = steps.submit(flask, env, "check-schema")
        account = ["create-user", STAFF["email"], "--role", "facilitator", "--password-stdin"]
        created = steps.submit(flask, env, *account, stdin=STAFF["password"] + "\n")
        checked.result(), created.result()
    jobs_worker = [sys.executable, "-m", "flask", "--app", "wsgi", "jobs-worker"]
    with (
        running_processes(env, [jobs_worker]) as (worker,),
        running_instances(env, 2, gunicorn) as instances,
        balancer_thread([url.removeprefix("http://") for url in instances]) as balancer,
    ):
        yield balancer, instances, env, worker


def served_by(balancer) -> int:
    """Which instance took the balancer's latest connection (each call opens its own)."""
    return balancer.picks[-1]


def test_a_session_through_the_balancer_on_the_production_stack(stack):
    balancer, instances, env, jobs_worker = stack
    api = HttpApi(balancer.url)
    started = time.monotonic()

    # The balancer's health check: each instance is ready, with every configured store.
    for url in instances:
        status, ready = HttpApi(url).call("GET", "/readyz")
        assert status == 200, ready
        assert {"database", "schema", "event_broker", "job_queue"} <= set(ready["checks"])
        assert set(ready["checks"].values()) == {"ok"}, ready["checks"]

    status, login = api.call("POST", "/api/v1/auth/token", body=STAFF)
    assert status == 200, login
    staff = login["token"]
    status, session = api.call(
        "POST",
        "/api/v1/sessions",
        staff,
        {"title": "Stack", "prompt": "What would help?", "target_level_id": 5},
    )
    assert status == 201, session
    sessions = f"/api/v1/sessions/{session['id']}"
    assert api.call("POST", f"{sessions}/phase", staff, {"phase": "collecting"})[0] == 200

    projector = EventStream(
        f"{balancer.url}{sessions}/events?view=projector", {"Authorization": f"Bearer {staff}"}
    )
    assert projector.status == 200
    projector_instance = served_by(balancer)
    projector.next("state")
    time.sleep(0.3)  # each instance subscribes to the broker when its first stream opens

    phones = []
    for _ in range(4):
        status, joined = api.call("POST", "/api/v1/join", body={"code": session["join_code"]})
        assert status == 201, joined
        phones.append(joined["participant_token"])

    texts = [
        "Quieter meeting rooms",
        "Quiet rooms for calls",
        "Free fruit in the kitchen",
        "Fresh fruit on Mondays",
        "Shorter weekly meetings",
    ]
    ideas, instances_of_ideas = {}, set()
    for n, idea_text in enumerate(texts):
        status, idea = api.call(
            "POST", f"{sessions}/ideas", phones[n % len(phones)], {"text": idea_text}
        )
        assert status == 201, idea
        ideas[idea_text] = idea["id"]
        instances_of_ideas.add(served_by(balancer))
        shown = projector.next("idea.added", timeout=3)
        assert shown.data == {"id": idea["id"], "text": idea_text}
    other = 1 - projector_instance
    assert other in instances_of_ideas  # the projector saw ideas sent to the other instance

    # Rate limits live in Redis: one phone's ideas are counted across both instances and
    # all four workers, so the limit holds however the balancer spreads them.
    spammer = phones[-1]
    answers = [
        api.call("POST", f"{sessions}/ideas", spammer, {"text": f"Idea number {n} of many"})[0]
        for n in range(IDEAS_PER_MINUTE + 1)
    ]
    already = sum(1 for n in range(len(texts)) if n % len(phones) == len(phones) - 1)
    assert answers.count(201) == IDEAS_PER_MINUTE - already
    assert answers[-1] == 429

    assert api.call("POST", f"{sessions}/phase", staff, {"phase": "voting"})[0] == 200
    assert projector.next("phase", timeout=3).data["phase"] == "voting"
    acknowledged = set()
    voted_on = set()
    for voter, phone in enumerate(phones[:3]):
        for idea_text in texts[voter : voter + 3]:
            status, _ = api.call("POST", f"/api/v1/ideas/{ideas[idea_text]}/vote", phone)
            assert status == 201
            acknowledged.add((voter, idea_text))
            voted_on.add(served_by(balancer))
    assert other in voted_on  # votes reached the projector from the instance it is not on

    def tally_shows_every_vote():
        for frame in projector.drain(0.2):
            if frame.event == "tally" and frame.data["votes_cast"] == len(acknowledged):
                return frame.data
        return None

    # The projector shows the total (per-idea counts only once results are shown).
    assert wait_until(tally_shows_every_vote, timeout=5), "no tally showed every vote"
    projector.close()

    # A grouping asked for through the API runs on the jobs worker, not in the request.
    status, run = api.call("POST", f"{sessions}/clusters", staff, {})
    assert status == 202, run
    assert run["status"] == "running"

    def finished():
        answer = api.call("GET", f"{sessions}/clusters", staff)[1]
        return answer if answer["status"] != "running" else None

    grouped = wait_until(finished, timeout=30, interval=0.3)
    assert grouped and grouped["status"] == "done", grouped
    assert grouped["idea_count"] == len(texts) + IDEAS_PER_MINUTE - already
    assert f"(run {run['run_id']})" in jobs_worker.log.read_text()

    stored = stored_votes(env["DATABASE_URL"], env["SECRET_KEY"], session["id"], phones)
    assert stored >= acknowledged
    assert time.monotonic() - started < 60
