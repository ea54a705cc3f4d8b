"""Request logs of real servers hold no client address and no user agent.

`flask serve` (uvicorn, what `make run` starts), gunicorn with the repo's gunicorn.conf.py (the
production command, with the live worker) and `flask run` (werkzeug) each serve a join, an idea
and a vote sent with a marked X-Forwarded-For and User-Agent (the app trusts one proxy, so the
marked address is the client address it sees); the captured logs must name the requests but
neither marker, nor the address the connections really came from.
"""

import os
import secrets
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from flask_migrate import upgrade

from feedback_app.extensions import db
from feedback_app.services import phases
from feedback_app.services import sessions as session_service
from tests import factories
from tests.conftest import make_app
from tests.ops.http import call, wait_until

PROJECT_ROOT = Path(__file__).resolve().parents[2]
MARKED_ADDRESS = "203.0.113.77"
MARKED_AGENT = "MarkerPhone/7.7 (FeedbackLogProbe)"
SOCKET_ADDRESS = "127.0.0.1"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _server_command(kind: str, port: int) -> list[str]:
    if kind == "flask":
        return [sys.executable, "-m", "flask", "--app", "wsgi", "run", "--port", str(port)]
    if kind == "serve":
        return [sys.executable, "-m", "flask", "--app", "wsgi", "serve", "--port", str(port)]
    return [
        sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py",
        "--workers", "1", "--bind", f"127.0.0.1:{port}", "asgi:app",
    ]  # fmt: skip


@pytest.mark.parametrize("kind", ["serve", "gunicorn", "flask"])
def test_logs_of_a_join_an_idea_and_a_vote_hold_no_address_or_user_agent(tmp_path, kind):
    database = f"sqlite:///{tmp_path / 'logs.db'}"
    secret = secrets.token_hex(16)
    app = make_app(tmp_path, SQLALCHEMY_DATABASE_URI=database, SECRET_KEY=secret)
    with app.app_context():
        upgrade()
        session = factories.make_session(phase="collecting")
        session_id, code = session.id, session.join_code
        db.session.remove()
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database,
        "SECRET_KEY": secret,
        "TRUSTED_PROXIES": "1",
        "FLASK_DEBUG": "0",
    }
    log_path = tmp_path / f"{kind}.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(
            _server_command(kind, port),
            cwd=PROJECT_ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        marks = {"X-Forwarded-For": MARKED_ADDRESS, "User-Agent": MARKED_AGENT}
        try:
            assert wait_until(lambda: _answers(base), timeout=30), log_path.read_text()
            joined = call("POST", f"{base}/api/v1/join", {"code": code}, headers=marks)
            assert joined.status == 201, joined.text
            bearer = {**marks, "Authorization": f"Bearer {joined.json['participant_token']}"}
            idea = call(
                "POST",
                f"{base}/api/v1/sessions/{session_id}/ideas",
                {"text": "Greet every customer by name"},
                headers=bearer,
            )
            assert idea.status == 201, idea.text
            with app.app_context():
                phases.change_phase(session_service.get_session(session_id), "voting")
                db.session.remove()
            other, _ = _join_in_process(app, code)
            vote = call("POST", f"{base}/api/v1/ideas/{other}/vote", headers=bearer)
            assert vote.status == 201, vote.text
            # Joining closed when voting started: the join page explains it (409), and is logged.
            assert call("GET", f"{base}/j/{code}", headers=marks).status == 409
            _send_malformed_request(port)
        finally:
            server.terminate()
            server.wait(timeout=30)
    logs = log_path.read_text()
    assert "POST /api/v1/join" in logs, logs  # request logging is on
    assert f"POST /api/v1/ideas/{other}/vote" in logs, logs
    assert MARKED_ADDRESS not in logs, logs
    assert "MarkerPhone" not in logs and "FeedbackLogProbe" not in logs, logs
    request_lines = [
        line
        for line in logs.splitlines()
        if SOCKET_ADDRESS in line
        and not any(banner in line for banner in ("Running on", "Listening at", "running on"))
    ]
    assert request_lines == [], request_lines


def _answers(base: str) -> bool:
    try:
        return call("GET", f"{base}/healthz", timeout=2).status == 200
    except OSError:
        return False


def _join_in_process(app, code: str):
    """Another participant's idea to vote for, written straight into the database."""
    with app.app_context():
        session = session_service.find_session_by_code(code)
        author, _ = factories.join(session)
        from feedback_app.models import Idea

        idea = Idea(
            session_id=session.id,
            participant_id=author.id,
            text="Call back within one day",
            status="visible",
            created_at=session.created_at,
        )
        db.session.add(idea)
        db.session.commit()
        found = idea.public_id, author.id
        db.session.remove()
    return found


def _send_malformed_request(port: int) -> None:
    """gunicorn logs 'Invalid request from ip=...' for these: our logger drops the address."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
        raw.sendall(b"NOT A REQUEST\r\n\r\n")
        raw.recv(1024)
