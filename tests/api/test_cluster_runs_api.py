"""/api/v1 clusters when a run died: reported failed with a message, and re-runnable at once."""

import pytest

from feedback_app import messages
from tests.factories import add_ideas, make_running_run, make_session, make_user, run_states
from tests.sample_ideas import THEMES


@pytest.fixture
def room(api):
    owner = make_user()
    session = make_session(owner, phase="collecting")
    add_ideas(session, *[text for texts in THEMES.values() for text in texts])
    return session, api.token_for(owner), f"/api/v1/sessions/{session.id}/clusters"


def test_a_dead_run_reads_as_failed_and_a_new_run_is_201(app, api, room):
    session, token, url = room
    dead = make_running_run(session, silent_for_s=app.config["CLUSTER_RUN_STALE_AFTER"] + 1)
    latest = api.call("GET", url, token)
    assert latest.status_code == 200
    assert (latest.json["run_id"], latest.json["status"]) == (dead.id, "failed")
    assert latest.json["error"] == messages.CLUSTER_RUN_STOPPED
    again = api.call("POST", url, token, json={"k": 3})
    assert again.status_code == 201, again.json
    assert again.json["status"] == "done" and len(again.json["clusters"]) == 3
    assert run_states(session) == [("failed", messages.CLUSTER_RUN_STOPPED), ("done", None)]


def test_a_new_run_request_gives_up_a_dead_run_itself(app, api, room):
    session, token, url = room
    make_running_run(session, silent_for_s=app.config["CLUSTER_RUN_STALE_AFTER"] + 1)
    assert api.call("POST", url, token, json={"k": 3}).status_code == 201  # no read first
    assert run_states(session) == [("failed", messages.CLUSTER_RUN_STOPPED), ("done", None)]


def test_a_live_run_still_answers_409(app, api, room):
    session, token, url = room
    live = make_running_run(session, silent_for_s=app.config["CLUSTER_RUN_STALE_AFTER"] - 5)
    refused = api.call("POST", url, token, json={"k": 3})
    assert refused.status_code == 409
    assert refused.json["error"]["code"] == "clustering_running"
    latest = api.call("GET", url, token)
    assert (latest.json["run_id"], latest.json["status"]) == (live.id, "running")
    assert run_states(session) == [("running", None)]
