"""Web tests run with CSRF protection on and submit the forms the pages render."""

import pytest

from feedback_app.extensions import db
from tests.conftest import make_app, reset_database
from tests.factories import PASSWORD
from tests.web.html_forms import press


@pytest.fixture
def app(tmp_path):
    """Like the shared app fixture, but with CSRF checks as in production."""
    app = make_app(tmp_path, WTF_CSRF_ENABLED=True)
    with app.app_context():
        reset_database()
        yield app
        db.session.remove()
        db.engine.dispose()


class WebAuth:
    """Log staff in through the rendered login form."""

    def __init__(self, client):
        self.client = client

    def login(self, user, password: str = PASSWORD):
        return press(self.client, "/login", "Log in", email=user.email, password=password)


@pytest.fixture
def auth(client):
    return WebAuth(client)
