"""Fixtures for live tests: the app behind the ASGI front, served by uvicorn on a real port."""

import json
import urllib.error
import urllib.request

import pytest

from feedback_app.services.accounts import issue_api_token
from tests import factories
from tests.conftest import make_app, reset_database
from tests.live.server import serve_live


class HttpApi:
    """JSON calls to a running server."""

    def __init__(self, base: str) -> None:
        self.base = base

    def call(self, method: str, path: str, token: str | None = None, body=None):
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(self.base + path, method=method, data=data)
        request.add_header("Content-Type", "application/json")
        if token:
            request.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, json.loads(response.read() or b"null")
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read() or b"null")


@pytest.fixture
def live(tmp_path):
    """(base URL, HttpApi, app, server) for an app behind the live front."""
    app = make_app(tmp_path, SERVER_NAME=None)
    with app.app_context():
        reset_database()
    with serve_live(app) as (base, server):
        yield base, HttpApi(base), app, server


@pytest.fixture
def room(live):
    """A collecting session, its facilitator's token and two participants' tokens."""
    base, api, app, _ = live
    with app.app_context():
        owner = factories.make_user("facilitator")
        session = factories.make_session(owner, phase="collecting")
        staff = issue_api_token(owner)
        ids = (session.id, session.join_code)
    tokens = [api.call("POST", "/api/v1/join", body={"code": ids[1]})[1]["participant_token"]]
    tokens.append(api.call("POST", "/api/v1/join", body={"code": ids[1]})[1]["participant_token"])
    return {"id": ids[0], "code": ids[1], "staff": staff, "alice": tokens[0], "bob": tokens[1]}
