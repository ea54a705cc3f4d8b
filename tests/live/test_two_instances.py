"""Two app instances on one PostgreSQL: a change on one reaches the streams held by the other."""

import os
import time

import pytest

from tests.conftest import postgres_database_or_skip, redis_or_skip
from tests.live.conftest import HttpApi
from tests.live.instances import flask, instance_env, running_instances
from tests.live.sse import EventStream

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
PASSWORD = "correct horse battery staple"


@pytest.fixture(params=["redis", "postgresql"])
def pair(request, tmp_path):
    """Two `flask serve` processes on one PostgreSQL database, events through Redis or NOTIFY."""
    database = postgres_database_or_skip(f"feedback_pair_{request.param}")
    broker = redis_or_skip(REDIS_URL) if request.param == "redis" else database
    env = instance_env(database, broker)
    flask(env, "db", "upgrade")
    flask(
        env,
        "create-user",
        "pair@example.com",
        "--role",
        "facilitator",
        "--password-stdin",
        stdin=PASSWORD + "\n",
    )
    with running_instances(env, 2) as urls:
        yield urls


def test_an_idea_sent_to_one_instance_reaches_streams_on_the_other(pair):
    first, second = HttpApi(pair[0]), HttpApi(pair[1])
    staff = first.call(
        "POST", "/api/v1/auth/token", body={"email": "pair@example.com", "password": PASSWORD}
    )[1]["token"]
    status, session = first.call(
        "POST",
        "/api/v1/sessions",
        staff,
        {"title": "Pair", "prompt": "What now?", "target_level_id": 5},
    )
    assert status == 201
    first.call("POST", f"/api/v1/sessions/{session['id']}/phase", staff, {"phase": "collecting"})
    phone = second.call("POST", "/api/v1/join", body={"code": session["join_code"]})[1][
        "participant_token"
    ]
    console = EventStream(
        f"{pair[0]}/api/v1/sessions/{session['id']}/events", {"Authorization": f"Bearer {staff}"}
    )
    console.next("state")
    time.sleep(0.3)  # the broker subscription of each instance is up once its first stream opens

    started = time.monotonic()
    status, idea = second.call(
        "POST", f"/api/v1/sessions/{session['id']}/ideas", phone, {"text": "Smile at the door"}
    )
    assert status == 201
    assert console.next("idea.added", timeout=1.0).data == {
        "id": idea["id"],
        "text": "Smile at the door",
    }
    assert time.monotonic() - started < 1.0

    second.call("POST", f"/api/v1/sessions/{session['id']}/phase", staff, {"phase": "voting"})
    assert console.next("phase", timeout=1.0).data["phase"] == "voting"
    assert second.call("POST", f"/api/v1/ideas/{idea['id']}/vote", phone)[0] == 201
    tally = console.next("tally", timeout=1.0).data
    assert tally == {"votes_cast": 1, "ideas": {str(idea["id"]): 1}}


def test_each_request_is_its_own_visitor(pair):
    """A staff login on one connection must never make another request logged in."""
    import urllib.request

    api = HttpApi(pair[0])
    api.call("POST", "/api/v1/auth/token", body={"email": "pair@example.com", "password": PASSWORD})
    request = urllib.request.Request(pair[0] + "/login")
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 200 and response.url.endswith("/login")
