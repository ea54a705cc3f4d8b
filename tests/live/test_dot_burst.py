"""A burst of parallel dot votes by one participant against a running server: the budget and
the cap per idea hold on SQLite and on PostgreSQL, and every refusal is a clean 409."""

import json
import threading
import urllib.error
import urllib.request
from collections import Counter

import pytest
from sqlalchemy import select

from feedback_app.extensions import db
from feedback_app.models import Idea, Participant, Vote
from feedback_app.services.accounts import issue_api_token
from feedback_app.services.participation import participant_for_token
from tests import factories
from tests.conftest import make_app, postgres_database_or_skip, reset_database
from tests.live.conftest import HttpApi
from tests.live.server import serve_live

BURST = 50
DOT_BUDGET = 5
DOTS_PER_IDEA = 3
REFUSALS = {"dot_budget_spent", "dot_cap_reached"}


@pytest.fixture(params=["sqlite", "postgresql"])
def server(request, tmp_path):
    """(base URL, HttpApi, app) of the live front on a fresh SQLite file or PostgreSQL database.

    PostgreSQL gets a scratch database of its own, never the shared one.
    """
    if request.param == "postgresql":
        url = postgres_database_or_skip("feedback_dot_burst")
    else:
        url = f"sqlite:///{tmp_path / 'dot_burst.db'}"
    app = make_app(tmp_path, SERVER_NAME=None, SQLALCHEMY_DATABASE_URI=url)
    with app.app_context():
        reset_database()
    with serve_live(app) as (base, _):
        yield base, HttpApi(base), app


def post_raw(url: str, token: str) -> tuple[int, bytes]:
    """POST without a body; the status and the raw answer, whatever its content type."""
    request = urllib.request.Request(url, method="POST", data=b"")
    request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def dots_room(api: HttpApi, app) -> dict:
    """A dots session made through the API: two ideas by one person, a voter, now voting."""
    with app.app_context():
        owner = factories.make_user("facilitator")
        staff = issue_api_token(owner)
        level_id = factories.level_named("Front-line staff").id
    status, session = api.call(
        "POST",
        "/api/v1/sessions",
        staff,
        {
            "title": "Dots under load",
            "prompt": "What should we change first?",
            "target_level_id": level_id,
            "voting_mode": "dots",
            "dot_budget": DOT_BUDGET,
            "dots_per_idea": DOTS_PER_IDEA,
        },
    )
    assert status == 201, session
    assert (session["voting_mode"], session["dot_budget"], session["dots_per_idea"]) == (
        "dots",
        DOT_BUDGET,
        DOTS_PER_IDEA,
    )
    phase = f"/api/v1/sessions/{session['id']}/phase"
    assert api.call("POST", phase, staff, {"phase": "collecting"})[0] == 200
    tokens = []
    for _ in range(2):
        status, joined = api.call("POST", "/api/v1/join", body={"code": session["join_code"]})
        assert status == 201, joined
        tokens.append(joined["participant_token"])
    author, voter = tokens
    idea_ids = []
    for text in ("Answer the phone by the third ring", "Follow up every refund by email"):
        status, idea = api.call(
            "POST", f"/api/v1/sessions/{session['id']}/ideas", author, {"text": text}
        )
        assert status == 201, idea
        idea_ids.append(idea["id"])
    assert api.call("POST", phase, staff, {"phase": "voting"})[0] == 200
    return {"id": session["id"], "staff": staff, "voter": voter, "ideas": idea_ids}


def burst(base: str, token: str, idea_ids: list[int]) -> list[tuple[int, bytes]]:
    """BURST votes released at once, alternating between the ideas."""
    barrier = threading.Barrier(BURST)
    answers: list[tuple[int, bytes]] = []
    failures: list[BaseException] = []

    def vote(index: int) -> None:
        url = f"{base}/api/v1/ideas/{idea_ids[index % len(idea_ids)]}/vote"
        try:
            barrier.wait(timeout=30)
            answers.append(post_raw(url, token))
        except Exception as error:  # a dropped connection or timeout fails the test below
            failures.append(error)

    threads = [threading.Thread(target=vote, args=(index,)) for index in range(BURST)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert failures == []
    assert len(answers) == BURST
    return answers


def stored_dots(app, room: dict) -> tuple[dict[str, int], int]:
    """The voter's dots per idea as stored, and the dots counted spent on their own row."""
    with app.app_context():
        voter = participant_for_token(room["voter"], room["id"])
        rows = db.session.execute(  # keyed by the ideas' public ids, as the API names them
            select(Idea.public_id, Vote.value)
            .join(Idea, Idea.id == Vote.idea_id)
            .where(Vote.participant_id == voter.id)
        ).all()
        used = db.session.scalar(select(Participant.dots_used).where(Participant.id == voter.id))
        db.session.remove()
    return dict(rows), used


def test_a_burst_of_dots_keeps_the_budget_and_the_cap_per_idea(server):
    base, api, app = server
    room = dots_room(api, app)

    answers = burst(base, room["voter"], room["ideas"])

    statuses = Counter(status for status, _ in answers)
    assert not [status for status in statuses if status >= 500], statuses
    assert statuses == {201: DOT_BUDGET, 409: BURST - DOT_BUDGET}
    accepted = [json.loads(body) for status, body in answers if status == 201]
    assert all(set(state) == {"idea_id", "voted", "dots", "dots_left"} for state in accepted)
    assert all(state["voted"] is True for state in accepted)
    # Each accepted dot spent a different one of the five: none was counted twice.
    assert sorted(state["dots_left"] for state in accepted) == [0, 1, 2, 3, 4]
    for status, body in answers:
        if status == 409:
            refusal = json.loads(body)
            assert set(refusal) == {"error"}
            assert refusal["error"]["code"] in REFUSALS, refusal
            assert refusal["error"]["message"]
            assert refusal["error"]["fields"] == {}

    per_idea, used = stored_dots(app, room)
    assert set(per_idea) == set(room["ideas"])
    assert sorted(per_idea.values()) == [DOT_BUDGET - DOTS_PER_IDEA, DOTS_PER_IDEA]
    assert used == DOT_BUDGET
    for idea_id, dots in per_idea.items():  # each answer told the count it made, once
        told = sorted(state["dots"] for state in accepted if state["idea_id"] == idea_id)
        assert told == list(range(1, dots + 1))

    status, ranking = api.call("GET", f"/api/v1/sessions/{room['id']}/ranking", room["staff"])
    assert status == 200
    assert {line["idea_id"]: line["votes"] for line in ranking} == per_idea

    status, again = api.call("POST", f"/api/v1/ideas/{room['ideas'][0]}/vote", room["voter"])
    assert (status, again["error"]["code"]) == (409, "dot_budget_spent")
    assert stored_dots(app, room) == (per_idea, DOT_BUDGET)
