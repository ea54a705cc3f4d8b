"""A burst of the same idea submission (one Idempotency-Key, sent twenty times at once) against
a running server: one idea on SQLite and on PostgreSQL, and every answer names it."""

import json
import threading
import urllib.error
import urllib.request
from collections import Counter

from sqlalchemy import select

from feedback_app.extensions import db
from feedback_app.models import Idea
from tests import factories
from tests.live.test_dot_burst import server  # noqa: F401 (the SQLite and PostgreSQL servers)

BURST = 20
TEXT = "Ring back every customer whose issue took more than a day"


def submit(base: str, session_id: int, token: str, key: str) -> tuple[int, dict]:
    request = urllib.request.Request(
        f"{base}/api/v1/sessions/{session_id}/ideas",
        method="POST",
        data=json.dumps({"text": TEXT}).encode(),
    )
    request.add_header("Content-Type", "application/json")
    request.add_header("Authorization", f"Bearer {token}")
    request.add_header("Idempotency-Key", key)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def test_a_burst_of_one_submission_gives_one_idea(server):  # noqa: F811
    base, api, app = server
    with app.app_context():
        session = factories.make_session(factories.make_user("facilitator"), phase="collecting")
        session_id, code = session.id, session.join_code
    token = api.call("POST", "/api/v1/join", body={"code": code})[1]["participant_token"]
    barrier = threading.Barrier(BURST)
    answers: list[tuple[int, dict]] = []

    def send() -> None:
        barrier.wait(timeout=30)
        answers.append(submit(base, session_id, token, "phone-lost-the-answer"))

    threads = [threading.Thread(target=send) for _ in range(BURST)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert Counter(status for status, _ in answers) == {201: 1, 200: BURST - 1}, answers
    assert len({body["id"] for _, body in answers}) == 1
    with app.app_context():
        stored = db.session.scalars(select(Idea.text).where(Idea.session_id == session_id)).all()
        db.session.remove()
    assert stored == [TEXT]
