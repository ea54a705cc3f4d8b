"""Fixtures for browser tests: a live server, Debian's Chromium, phone and desktop contexts."""

import os
from pathlib import Path

import pytest

from feedback_app.extensions import db
from tests.conftest import reset_database
from tests.e2e.live import (
    CHROMIUM_ARGS,
    DESKTOP,
    MISSING_BROWSER,
    PHONE,
    build_live_app,
    chromium_path,
    serve,
)

E2E_DIR = Path(__file__).parent
ACTION_TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(config, items):
    """Mark every test in this folder as e2e (the hook sees the whole run, so filter by path)."""
    for item in items:
        if E2E_DIR in item.path.parents:
            item.add_marker(pytest.mark.e2e)


def _unavailable(reason: str):
    """Skip when the browser is missing, unless the run insists on E2E tests."""
    if os.environ.get("FEEDBACK_REQUIRE_E2E") == "1":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole run (sync API, started outside any event loop)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable(f"{MISSING_BROWSER}; the playwright package is not installed.")
    path = chromium_path()
    if path is None:
        _unavailable(f"{MISSING_BROWSER}; no chromium on PATH or at /usr/bin/chromium.")
    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
    except Exception as error:
        playwright.stop()
        _unavailable(f"{MISSING_BROWSER}; {path} did not start: {error}")
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def live_server(tmp_path):
    """The app with CSRF on, served over real HTTP on a free port, on a fresh database."""
    app = build_live_app(tmp_path)
    with app.app_context():
        reset_database()
        db.session.remove()
    with serve(app) as server:
        yield server


class BrowserProblems:
    """Uncaught JavaScript errors and server errors seen by any page: a test must see none."""

    def __init__(self):
        self.items: list[str] = []

    def watch(self, context) -> None:
        context.on("weberror", lambda error: self.items.append(f"JS error: {error.error}"))
        context.on(
            "response",
            lambda response: (
                self.items.append(f"HTTP {response.status} {response.url}")
                if response.status >= 500
                else None
            ),
        )


@pytest.fixture
def contexts(browser, live_server):
    """Open browser contexts pointed at the live server; close them before the server stops."""
    opened = []
    problems = BrowserProblems()

    def open_context(**options):
        context = browser.new_context(base_url=live_server.url, **options)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        problems.watch(context)
        opened.append(context)
        return context

    yield open_context
    for context in opened:
        context.close()
    assert not problems.items, "The browser met errors:\n" + "\n".join(problems.items)


@pytest.fixture
def phone(contexts):
    """Make a new phone context (360×740, touch, 2× pixels): one per participant."""
    return lambda **options: contexts(**{**PHONE, **options})


@pytest.fixture
def desktop(contexts):
    """Make a new desktop context (1280×800), e.g. for the facilitator."""
    return lambda **options: contexts(**{**DESKTOP, **options})
