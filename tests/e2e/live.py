"""Run the app on a real port and drive Debian's Chromium: shared by the E2E tests and docs/."""

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from flask import Flask
from werkzeug.serving import make_server

from feedback_app.extensions import db
from tests.conftest import make_app

try:  # missing package: the browser fixture skips (or fails) with a clear reason
    from playwright.sync_api import expect
except ImportError:  # pragma: no cover
    expect = None

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
MISSING_BROWSER = (
    "E2E tests need Debian's Chromium and the playwright Python package: "
    "`apt-get install -y chromium` (never `playwright install`)"
)
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}


@dataclass
class LiveServer:
    """A running app: its base URL and the Flask app (for setting up data in app context)."""

    url: str
    app: Flask


def wait_until_enhanced(page) -> None:
    """Wait until the page's deferred scripts ran and htmx took over its forms.

    A click right after navigation can land before that; the form then posts the no-JS way and
    reloads the page, which is correct but is not the behaviour a focus test is checking.
    """
    page.wait_for_function("() => document.readyState === 'complete' && !!window.htmx")


def chromium_path() -> str | None:
    """Debian's Chromium, the only browser we launch."""
    return shutil.which("chromium") or (
        "/usr/bin/chromium" if os.path.exists("/usr/bin/chromium") else None
    )


def build_live_app(tmp_path, **overrides) -> Flask:
    """The test app with CSRF on and URLs built from the request host (the live server's)."""
    config = {"WTF_CSRF_ENABLED": True, "SERVER_NAME": None, "PUBLIC_BASE_URL": ""}
    config.update(overrides)
    return make_app(tmp_path, **config)


@contextmanager
def serve(app: Flask) -> Iterator[LiveServer]:
    """Serve the app from a background thread on a free port; stop it and free the database."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield LiveServer(url=f"http://127.0.0.1:{server.server_port}", app=app)
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)
        with app.app_context():
            db.session.remove()
            db.engine.dispose()
