"""Staff log in and out in the browser; protected pages ask for a login."""

from tests.factories import make_user
from tests.web.html_forms import press


def test_login_lands_on_the_dashboard_and_logout_returns_home(client, auth):
    user = make_user()
    response = auth.login(user)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/sessions/")
    assert client.get("/sessions/").status_code == 200
    response = press(client, "/sessions/", "Log out")
    assert response.status_code == 302
    assert client.get("/sessions/").status_code == 302


def test_wrong_password_shows_an_error_and_keeps_you_out(client, auth):
    user = make_user()
    response = auth.login(user, "not the password")
    assert response.status_code == 422
    assert "Wrong email or password" in response.get_data(as_text=True)
    assert client.get("/sessions/").status_code == 302


def test_protected_pages_redirect_to_login_and_back(client, auth):
    response = client.get("/sessions/new")
    assert response.status_code == 302
    assert "/login?next=%2Fsessions%2Fnew" in response.headers["Location"]
    user = make_user()
    response = press(
        client,
        response.headers["Location"],
        "Log in",
        email=user.email,
        password="correct horse battery staple",
    )
    assert response.headers["Location"] == "/sessions/new"


def test_login_never_redirects_off_site(client):
    user = make_user()
    response = press(
        client,
        "/login?next=//evil.example/steal",
        "Log in",
        email=user.email,
        password="correct horse battery staple",
    )
    assert response.headers["Location"] == "/sessions/"


def test_forms_without_csrf_token_are_refused(client):
    user = make_user()
    response = client.post("/login", data={"email": user.email, "password": "x"})
    assert response.status_code == 400
    assert "The form had expired" in response.get_data(as_text=True)
