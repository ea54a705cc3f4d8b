"""Rate limits: failed logins (never locking staff out), joins per address, writes per participant.

Every test runs on memory and on a real Redis (TEST_REDIS_URL, db 13 by default).
"""

import os
import secrets
import time

import pytest
from sqlalchemy import func, select

from feedback_app.extensions import db
from feedback_app.models import Idea, Participant, Vote
from tests.conftest import make_app, redis_or_skip, reset_database
from tests.factories import PASSWORD, add_ideas, make_session, make_user, move_to
from tests.web.html_forms import page_text, press

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
TOKEN_URL = "/api/v1/auth/token"


@pytest.fixture(params=["memory", "redis"])
def storage(request):
    return "memory://" if request.param == "memory" else redis_or_skip(REDIS_URL)


@pytest.fixture
def limited(storage, tmp_path):
    """Build an app with rate limits on, in the storage of the run, with some settings changed."""
    apps = []

    def build(**settings):
        app = make_app(
            tmp_path,
            RATELIMIT_ENABLED=True,
            RATELIMIT_STORAGE_URI=storage,
            RATELIMIT_KEY_PREFIX=f"test-{secrets.token_hex(6)}-",
            **settings,
        )
        context = app.app_context()
        context.push()
        reset_database()
        apps.append(context)
        return app

    yield build
    for context in apps:
        db.session.remove()
        db.engine.dispose()
        context.pop()


def _login(client, email: str, password: str, address: str, **headers):
    return client.post(
        TOKEN_URL,
        json={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
        headers=headers,
    )


def test_thirty_wrong_passwords_from_one_address_leave_the_user_in_from_another(limited):
    client = limited().test_client()
    user = make_user()
    answers = [_login(client, user.email, "guessing again", "198.51.100.1") for _ in range(30)]
    assert [a.status_code for a in answers] == [401] * 10 + [429] * 20
    assert int(answers[-1].headers["Retry-After"]) > 0
    assert answers[-1].json["error"]["code"] == "too_many_requests"
    assert _login(client, user.email, PASSWORD, "198.51.100.1").status_code == 429
    assert _login(client, user.email, PASSWORD, "203.0.113.9").status_code == 200


def test_made_up_emails_from_one_address_do_not_block_the_admin_elsewhere(limited):
    client = limited().test_client()
    admin = make_user("admin")
    statuses = [
        _login(client, f"nobody{n}@example.com", "whatever it is", "198.51.100.2").status_code
        for n in range(260)
    ]
    assert statuses == [401] * 200 + [429] * 60  # the per-address ceiling, 200 per 10 minutes
    refused = _login(client, admin.email, PASSWORD, "198.51.100.2")
    assert "from this network" in refused.json["error"]["message"]
    assert _login(client, admin.email, PASSWORD, "203.0.113.10").status_code == 200


def test_a_success_resets_the_failure_count(limited):
    client = limited(LOGIN_RATE_LIMIT="3 per minute").test_client()
    user = make_user()
    here = "198.51.100.3"
    assert [_login(client, user.email, "wrong password!", here).status_code for _ in range(2)] == [
        401,
        401,
    ]
    assert _login(client, user.email, PASSWORD, here).status_code == 200
    assert [_login(client, user.email, "wrong password!", here).status_code for _ in range(3)] == [
        401,
        401,
        401,
    ]  # without the reset, the fourth failure in the minute would have been refused
    assert _login(client, user.email, "wrong password!", here).status_code == 429


def test_above_the_account_ceiling_each_attempt_waits_a_doubling_delay(limited):
    client = limited(
        LOGIN_RATE_LIMIT="2 per minute", LOGIN_ACCOUNT_SLOWDOWN="4 per minute", LOGIN_MAX_DELAY=2
    ).test_client()
    user = make_user()
    addresses = (f"198.51.100.{n}" for n in range(20, 40))
    for _ in range(2):  # two guessers, two failures each: the account's free failures
        address = next(addresses)
        assert _login(client, user.email, "not it at all", address).status_code == 401
        assert _login(client, user.email, "not it at all", address).status_code == 401
    assert _login(client, user.email, "not it at all", next(addresses)).status_code == 401
    slowed = _login(client, user.email, PASSWORD, next(addresses))  # even the right one waits
    assert slowed.status_code == 429
    assert slowed.headers["Retry-After"] == "1"
    assert "each attempt has to wait" in slowed.json["error"]["message"]
    time.sleep(1.1)
    assert _login(client, user.email, "not it at all", next(addresses)).status_code == 401
    assert _login(client, user.email, PASSWORD, next(addresses)).headers["Retry-After"] == "2"
    time.sleep(2.1)
    assert _login(client, user.email, "not it at all", next(addresses)).status_code == 401
    capped = _login(client, user.email, PASSWORD, next(addresses))
    assert capped.headers["Retry-After"] == "2"  # LOGIN_MAX_DELAY: never longer than that
    time.sleep(2.1)
    assert _login(client, user.email, PASSWORD, next(addresses)).status_code == 200
    # the success cleared the slowdown: the next failure is answered at once, not delayed
    assert _login(client, user.email, "not it at all", next(addresses)).status_code == 401
    assert _login(client, user.email, PASSWORD, next(addresses)).status_code == 200


def test_the_web_login_page_says_how_long_to_wait(limited):
    app = limited(LOGIN_RATE_LIMIT="2 per minute", WTF_CSRF_ENABLED=True)
    client = app.test_client()
    user = make_user()
    for _ in range(2):
        press(client, "/login", "Log in", email=user.email.upper(), password="nope nope nope")
    page = press(client, "/login", "Log in", email=user.email, password=PASSWORD)
    assert page.status_code == 429
    assert 0 < int(page.headers["Retry-After"]) <= 60
    assert "Too many failed logins for this account from here. Try again in" in page_text(page)
    assert client.get("/login").status_code == 200  # only attempts count, not the form
    other = app.test_client()  # the same user from another address
    other.environ_base["REMOTE_ADDR"] = "203.0.113.11"
    assert press(other, "/login", "Log in", email=user.email, password=PASSWORD).status_code == 302


@pytest.mark.parametrize(("trusted", "allowed"), [(1, 200), (0, 429)])
def test_the_client_address_comes_from_trusted_proxies_only(limited, trusted, allowed):
    client = limited(TRUSTED_PROXIES=trusted).test_client()
    user = make_user()
    for _ in range(10):  # all through the same proxy at 127.0.0.1
        _login(client, user.email, "a wrong guess", "127.0.0.1", **{"X-Forwarded-For": "1.2.3.4"})
    real_user = _login(client, user.email, PASSWORD, "127.0.0.1", **{"X-Forwarded-For": "5.6.7.8"})
    assert real_user.status_code == allowed


def _join(client, code: str, address: str):
    return client.post("/api/v1/join", json={"code": code}, environ_base={"REMOTE_ADDR": address})


def test_joins_are_limited_per_address_only(limited):
    client = limited(JOIN_RATE_LIMIT_PER_ADDRESS="3 per minute").test_client()
    session = make_session(phase="collecting")
    assert [_join(client, session.join_code, "198.51.100.4").status_code for _ in range(4)] == [
        201,
        201,
        201,
        429,
    ]
    refused = _join(client, session.join_code, "198.51.100.4")
    assert refused.json["error"]["code"] == "too_many_requests"
    assert "Retry-After" in refused.headers
    assert _join(client, session.join_code, "203.0.113.12").status_code == 201
    web = client.post(
        f"/j/{session.join_code}",
        data={"level_id": 0},
        environ_base={"REMOTE_ADDR": "198.51.100.4"},
    )
    assert web.status_code == 429
    assert (
        client.get(
            f"/j/{session.join_code}", environ_base={"REMOTE_ADDR": "198.51.100.4"}
        ).status_code
        == 200
    )
    assert db.session.scalar(select(func.count(Participant.id))) == 4


def test_a_room_of_a_thousand_behind_one_nat_all_join_with_the_defaults(limited):
    client = limited().test_client()
    session = make_session(phase="collecting")
    statuses = {_join(client, session.join_code, "198.51.100.5").status_code for _ in range(1000)}
    assert statuses == {201}
    assert db.session.scalar(select(func.count(Participant.id))) == 1000


def _bearer(token: str) -> dict:
    return {"Authorization": f"Bearer {token}"}


def test_ideas_and_votes_are_limited_per_participant_not_per_address(limited):
    client = limited(PARTICIPANT_RATE_LIMIT="2 per minute").test_client()
    session = make_session(phase="collecting")
    here = {"REMOTE_ADDR": "198.51.100.6"}
    first, second = (_join(client, session.join_code, "198.51.100.6").json for _ in range(2))
    url = f"/api/v1/sessions/{session.id}/ideas"
    statuses = [
        client.post(
            url,
            json={"text": f"Idea number {n} from the first"},
            headers=_bearer(first["participant_token"]),
            environ_base=here,
        ).status_code
        for n in range(3)
    ]
    assert statuses == [201, 201, 429]
    other = client.post(
        url,
        json={"text": "The second person's idea"},
        headers=_bearer(second["participant_token"]),
        environ_base=here,
    )
    assert other.status_code == 201
    assert db.session.scalar(select(func.count(Idea.id))) == 3

    target = add_ideas(session, "Somebody else's idea")[0]
    move_to(session, "voting")
    votes = [
        client.post(
            f"/api/v1/ideas/{target.public_id}/vote", headers=_bearer(second["participant_token"])
        ).status_code
        for _ in range(3)
    ]
    assert votes == [201, 200, 429]  # each route counts on its own
    assert db.session.scalar(select(func.count(Vote.id))) == 1


def test_web_votes_are_limited_per_browser(limited):
    app = limited(PARTICIPANT_RATE_LIMIT="2 per minute")
    client = app.test_client()
    session = make_session(phase="collecting")
    idea = add_ideas(session, "Call back within a day")[0]
    client.post(f"/j/{session.join_code}", data={"level_id": 0})
    neighbour = app.test_client()  # another phone in the same room (same address)
    neighbour.post(f"/j/{session.join_code}", data={"level_id": 0})
    move_to(session, "voting")
    vote = f"/s/{session.join_code}/ideas/{idea.public_id}/vote"
    assert [client.post(vote).status_code for _ in range(3)] == [302, 302, 429]
    assert neighbour.post(vote).status_code == 302
    assert db.session.scalar(select(func.count(Vote.id))) == 2


def test_rate_limit_keys_hold_no_address_or_token(limited, storage):
    if not storage.startswith("redis"):
        pytest.skip("the memory storage is inside the process; Redis keys are what others see")
    import redis

    app = limited()
    client = app.test_client()
    session = make_session(phase="collecting")
    marked = "203.0.113.199"
    token = _join(client, session.join_code, marked).json["participant_token"]
    client.post(
        f"/api/v1/sessions/{session.id}/ideas",
        json={"text": "An idea to count"},
        headers=_bearer(token),
        environ_base={"REMOTE_ADDR": marked},
    )
    _login(client, "someone@example.com", "not the password", marked)
    server = redis.Redis.from_url(storage)
    keys = [key.decode() for key in server.scan_iter(f"*{app.config['RATELIMIT_KEY_PREFIX']}*")]
    assert len(keys) >= 3, keys  # join, idea and login failures were counted
    for key in keys:
        assert marked not in key and token not in key and "someone" not in key, key


def test_survey_answers_are_limited_per_address_on_the_page_and_the_api_alike(limited):
    from feedback_app.models import SurveyResponse
    from tests.factories import make_survey

    client = limited(SURVEY_RATE_LIMIT_PER_ADDRESS="3 per minute").test_client()
    survey = make_survey()
    url = f"/api/v1/surveys/{survey.id}/responses"
    body = {"answers": {str(survey.questions[0].id): 4}}

    def answer(address: str):
        client.delete_cookie("survey_browser", domain="feedback.test")  # a new browser each time
        return client.post(url, json=body, environ_base={"REMOTE_ADDR": address})

    assert [answer("198.51.100.7").status_code for _ in range(3)] == [201, 201, 201]
    refused = answer("198.51.100.7")
    assert refused.status_code == 429
    assert refused.json["error"]["code"] == "too_many_requests"
    assert "Retry-After" in refused.headers
    web = client.post(
        f"/q/{survey.code}", data={"comment": "hi"}, environ_base={"REMOTE_ADDR": "198.51.100.7"}
    )
    assert web.status_code == 429
    assert answer("203.0.113.20").status_code == 201
    assert db.session.scalar(select(func.count(SurveyResponse.id))) == 4
