"""A real PostgreSQL outage (a proxy the test cuts, blackholes and restores): the app answers
503 while the database is away and 200 again when it returns, without a restart.

Needs PostgreSQL (skipped without it unless FEEDBACK_REQUIRE_POSTGRES=1); the shared server is
never stopped: each test gets a database of its own behind its own proxy. Run with -s to see
the timings.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from flask_migrate import upgrade
from sqlalchemy.engine import make_url

from feedback_app.extensions import db
from tests import factories
from tests.conftest import make_app, scratch_postgres_database
from tests.e2e.live import serve
from tests.ops.http import call, wait_until
from tests.ops.tcp_proxy import TcpProxy

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CONNECT_TIMEOUT_S = 2
STATEMENT_TIMEOUT_S = 2
# A request meeting a database that never answers: the pooled connection's ping gives up after
# the connect timeout, then one new connection does: twice the connect timeout, plus slack.
BOUND_S = 2 * CONNECT_TIMEOUT_S + 1.5


@pytest.fixture
def proxied_database():
    """(real URL, proxy): a database of our own, reached through a proxy we control."""
    with scratch_postgres_database("feedback_outage") as real_url:
        target = make_url(real_url)
        proxy = TcpProxy(target.host or "127.0.0.1", target.port or 5432).start()
        try:
            yield real_url, proxy
        finally:
            proxy.close()


def _through(real_url: str, proxy: TcpProxy) -> str:
    return make_url(real_url).set(host="127.0.0.1", port=proxy.port).render_as_string(False)


def _app(tmp_path, url: str, **settings):
    return make_app(
        tmp_path,
        SQLALCHEMY_DATABASE_URI=url,
        DATABASE_CONNECT_TIMEOUT=CONNECT_TIMEOUT_S,
        DATABASE_STATEMENT_TIMEOUT=STATEMENT_TIMEOUT_S,
        DATABASE_RETRY_AFTER=3,
        SECRET_KEY="outage-test-secret",
        SERVER_NAME=None,
        **settings,
    )


def _prepare(app) -> dict:
    """Migrate and seed through the proxy; return what the requests need."""
    with app.app_context():
        upgrade()
        with db.engine.connect() as connection:  # the server bounds every statement
            assert connection.exec_driver_sql("SHOW statement_timeout").scalar() == "2s"
        session = factories.make_session(phase="collecting")
        factories.add_ideas(session, "Greet every customer within ten seconds")
        _, token = factories.join(session)
        ids = {"session": session.id, "code": session.join_code, "token": token}
        db.session.remove()
    return ids


def _api_ideas(base: str, ids: dict):
    return call(
        "GET",
        f"{base}/api/v1/sessions/{ids['session']}/ideas",
        headers={"Authorization": f"Bearer {ids['token']}"},
    )


def _assert_unavailable(api, page) -> None:
    assert api.status == 503, api.text
    assert api.headers["Content-Type"] == "application/json"
    assert api.json == {
        "error": {
            "code": "database_unavailable",
            "message": "The database cannot be reached right now. Nothing you entered was "
            "lost: try again in a few seconds.",
            "fields": {},
        }
    }
    assert api.headers["Retry-After"] == "3"
    assert page.status == 503
    assert "Back in a moment" in page.text and "Traceback" not in page.text
    assert page.headers["Retry-After"] == "3"


def _recover(base: str, ids: dict) -> float:
    started = time.monotonic()
    answer = wait_until(lambda: _api_ideas(base, ids).status == 200, timeout=30)
    assert answer, "the app did not recover by itself"
    return time.monotonic() - started


def test_cut_and_blackhole_answer_503_then_the_app_recovers_by_itself(tmp_path, proxied_database):
    real_url, proxy = proxied_database
    app = _app(tmp_path, _through(real_url, proxy))
    ids = _prepare(app)
    with serve(app) as live:
        before = _api_ideas(live.url, ids)
        assert before.status == 200
        assert [idea["text"] for idea in before.json] == ["Greet every customer within ten seconds"]
        assert call("GET", f"{live.url}/s/{ids['code']}").status in (200, 302)

        proxy.cut()
        api, page = _api_ideas(live.url, ids), call("GET", f"{live.url}/j/{ids['code']}")
        _assert_unavailable(api, page)
        cut_s = max(api.seconds, page.seconds)
        ready = call("GET", f"{live.url}/readyz")
        assert (ready.status, ready.json["failed"]) == (503, ["database", "schema"])
        assert call("GET", f"{live.url}/healthz").status == 200
        proxy.restore()
        recover_cut_s = _recover(live.url, ids)

        proxy.blackhole()  # pooled connections now hang: only our timeouts end the wait
        api, page = _api_ideas(live.url, ids), call("GET", f"{live.url}/j/{ids['code']}")
        _assert_unavailable(api, page)
        blackhole_s = max(api.seconds, page.seconds)
        assert blackhole_s < BOUND_S, f"a hung database held a request {blackhole_s:.1f} s"
        fresh = call("POST", f"{live.url}/api/v1/join", body={"code": ids["code"]})
        assert fresh.status == 503 and fresh.seconds < BOUND_S  # new connections too
        proxy.restore()
        recover_blackhole_s = _recover(live.url, ids)
        assert call("GET", f"{live.url}/readyz").status == 200
    print(
        f"\noutage timings: cut → 503 in {cut_s:.2f} s, recovered {recover_cut_s:.2f} s after"
        f" restore; blackhole → 503 in {blackhole_s:.2f} s (bound {BOUND_S:.1f} s), new"
        f" connection 503 in {fresh.seconds:.2f} s, recovered {recover_blackhole_s:.2f} s after"
    )


def test_an_app_created_while_the_database_is_down_serves_once_it_returns(
    tmp_path, proxied_database
):
    real_url, proxy = proxied_database
    ids = _prepare(_app(tmp_path, _through(real_url, proxy)))
    proxy.cut()
    worker = _app(tmp_path, _through(real_url, proxy), TESTING=False)  # as gunicorn would
    with serve(worker) as live:
        assert call("GET", f"{live.url}/healthz").status == 200
        ready = call("GET", f"{live.url}/readyz")
        assert ready.status == 503
        assert ready.json["checks"]["database"] == "failed"
        assert "postgres" not in ready.text.lower()  # names only, no details
        _assert_unavailable(_api_ideas(live.url, ids), call("GET", f"{live.url}/j/{ids['code']}"))
        proxy.restore()
        _recover(live.url, ids)
        assert call("GET", f"{live.url}/readyz").json["status"] == "ready"


def _free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gunicorn_started_during_an_outage_keeps_serving_and_recovers(tmp_path, proxied_database):
    real_url, proxy = proxied_database
    _prepare(_app(tmp_path, _through(real_url, proxy)))
    proxy.cut()
    port = _free_port()
    env = {
        **os.environ,
        "DATABASE_URL": _through(real_url, proxy),
        "SECRET_KEY": "outage-test-secret",
        "DATABASE_CONNECT_TIMEOUT": str(CONNECT_TIMEOUT_S),
        "DATABASE_STATEMENT_TIMEOUT": str(STATEMENT_TIMEOUT_S),
    }
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py",
         "--workers", "2", "--bind", f"127.0.0.1:{port}", "asgi:app"],
        cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    base = f"http://127.0.0.1:{port}"
    try:
        assert wait_until(lambda: _healthy(base), timeout=30), (
            tmp_path / "gunicorn.log"
        ).read_text()
        api = call("GET", f"{base}/api/v1/levels")
        assert api.status == 503
        assert api.json["error"]["code"] == "database_unavailable"
        time.sleep(1)
        assert server.poll() is None, "gunicorn stopped while the database was down"
        proxy.restore()
        assert wait_until(lambda: call("GET", f"{base}/readyz").status == 200, timeout=30)
        assert call("GET", f"{base}/api/v1/levels").status == 200
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def _healthy(base: str) -> bool:
    try:
        return call("GET", f"{base}/healthz", timeout=2).status == 200
    except OSError:
        return False
