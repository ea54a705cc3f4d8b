"""Shared phones and kiosks: leaving a session, closed sessions and expiring participant entries."""

import time
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

from sqlalchemy import select

from feedback_app.extensions import db
from feedback_app.models import Idea
from feedback_app.participate import tokens
from feedback_app.services.sessions import set_joining_open
from tests.factories import add_ideas, make_session, make_user, move_to
from tests.web.html_forms import page_text, press, readable_text
from tests.web.test_participate_views import idea_card, visible_text

IDEA = "Call the customer back within the hour"


def join_and_add_idea(client, session) -> None:
    """Join through the rendered forms and add one idea, as a person on a phone would."""
    assert press(client, f"/j/{session.join_code}", "Join anonymously").status_code == 302
    room = f"/s/{session.join_code}"
    assert press(client, room, "Add idea", text=IDEA).status_code == 302
    assert "Thanks! Your idea is in." in page_text(client.get(room))


def held_entries(client) -> dict:
    with client.session_transaction() as cookie:
        return dict(cookie.get(tokens.COOKIE_KEY) or {})


def cookie_expiry(response) -> datetime:
    """The Expires of the session cookie a response sets."""
    (header,) = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("session=")]
    expires = [part for part in header.split(";") if part.strip().lower().startswith("expires=")]
    return parsedate_to_datetime(expires[0].split("=", 1)[1])


def test_leaving_forgets_the_session_on_this_phone_and_keeps_the_ideas(client):
    session = make_session(phase="collecting", title="Late deliveries")
    join_and_add_idea(client, session)
    room = f"/s/{session.join_code}"
    assert "Your idea" in readable_text(client.get(room).get_data(as_text=True))

    response = press(client, room, "Leave this session")

    assert response.status_code == 302
    assert response.headers["Location"] == "/join"
    text = readable_text(client.get("/join").get_data(as_text=True))
    assert "You left “Late deliveries”. This phone no longer holds your place in it" in text
    assert held_entries(client) == {}
    # The next person on this phone lands on the join page and is a new participant.
    assert client.get(room).headers["Location"] == f"/j/{session.join_code}"
    assert press(client, f"/j/{session.join_code}", "Join anonymously").status_code == 302
    (stored,) = db.session.scalars(select(Idea).where(Idea.session_id == session.id)).all()
    card = visible_text(idea_card(client.get(room).get_data(as_text=True), stored.public_id))
    assert card.startswith(IDEA)
    assert "Your idea" not in card
    assert "Edit" not in card and "Withdraw" not in card
    # The idea stays in the session, still visible.
    assert (stored.text, stored.status) == (IDEA, "visible")


def test_the_room_explains_leaving_in_plain_words(client):
    session = make_session(phase="collecting")
    press(client, f"/j/{session.join_code}", "Join anonymously")
    text = readable_text(client.get(f"/s/{session.join_code}").get_data(as_text=True))
    assert (
        "Your ideas and votes stay in the session, but you can't come back to edit or take "
        "back your ideas and votes from this phone." in text
    )


def test_leaving_needs_the_csrf_token(client):
    session = make_session(phase="collecting")
    press(client, f"/j/{session.join_code}", "Join anonymously")

    response = client.post(f"/s/{session.join_code}/leave")

    assert response.status_code == 400
    assert list(held_entries(client)) == [str(session.id)]
    assert client.get(f"/s/{session.join_code}").status_code == 200


def test_leaving_one_session_keeps_the_others(client):
    first, second = make_session(phase="collecting"), make_session(phase="collecting")
    for session in (first, second):
        press(client, f"/j/{session.join_code}", "Join anonymously")

    press(client, f"/s/{first.join_code}", "Leave this session")

    assert list(held_entries(client)) == [str(second.id)]
    assert client.get(f"/s/{second.join_code}").status_code == 200


def test_a_closed_session_drops_this_phones_place_on_the_next_visit(client):
    session = make_session(phase="collecting", title="Late deliveries")
    join_and_add_idea(client, session)
    move_to(session, "closed")

    response = client.get(f"/s/{session.join_code}")

    assert response.headers["Location"] == f"/j/{session.join_code}"
    assert held_entries(client) == {}
    page = client.get(f"/j/{session.join_code}")
    text = readable_text(page.get_data(as_text=True))
    assert "“Late deliveries” is closed, so this phone no longer holds your place in it." in text
    assert "This session is closed." in text
    assert "Join anonymously" not in text and IDEA not in text
    assert db.session.scalar(select(Idea.text).where(Idea.session_id == session.id)) == IDEA


def test_participant_entries_expire_after_the_configured_hours(app, client, monkeypatch):
    app.config["PARTICIPANT_COOKIE_HOURS"] = 12
    session = make_session(phase="collecting")
    press(client, f"/j/{session.join_code}", "Join anonymously")
    room = f"/s/{session.join_code}"
    start = time.time()

    monkeypatch.setattr(tokens.time, "time", lambda: start + 11 * 3600)
    assert client.get(room).status_code == 200  # a visit renews the entry for 12 hours
    assert held_entries(client)[str(session.id)]["until"] == int(start + 23 * 3600)

    monkeypatch.setattr(tokens.time, "time", lambda: start + 23 * 3600 + 1)
    assert client.get(room).headers["Location"] == f"/j/{session.join_code}"
    assert held_entries(client) == {}


def test_the_participant_cookie_lives_no_longer_than_the_configured_hours(client):
    session = make_session(phase="collecting")

    response = press(client, f"/j/{session.join_code}", "Join anonymously")

    expected = datetime.now(UTC) + timedelta(hours=12)
    assert abs(cookie_expiry(response) - expected) < timedelta(minutes=1)


def test_cookie_lifetime_follows_the_setting_and_never_cuts_the_staff_idle_time_short(tmp_path):
    from tests.conftest import make_app

    shorter = make_app(tmp_path, PARTICIPANT_COOKIE_HOURS=2, STAFF_IDLE_TIMEOUT=1800)
    assert shorter.permanent_session_lifetime == timedelta(hours=2)
    longer_idle = make_app(tmp_path, PARTICIPANT_COOKIE_HOURS=1, STAFF_IDLE_TIMEOUT=3 * 3600)
    assert longer_idle.permanent_session_lifetime == timedelta(hours=3)


def test_staff_log_in_without_a_lasting_cookie(client, auth):
    response = auth.login(make_user())

    assert response.status_code == 302
    (header,) = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("session=")]
    assert "expires=" not in header.lower()  # a browser-session cookie, as before


def test_an_entry_written_before_expiry_existed_still_lets_its_participant_in(client):
    session = make_session(phase="collecting")
    press(client, f"/j/{session.join_code}", "Join anonymously")
    token = held_entries(client)[str(session.id)]["token"]
    with client.session_transaction() as cookie:
        cookie[tokens.COOKIE_KEY] = {str(session.id): token}  # the old format: the bare token

    assert client.get(f"/s/{session.join_code}").status_code == 200
    entry = held_entries(client)[str(session.id)]
    assert entry["token"] == token
    assert entry["until"] > time.time() + 11 * 3600


def test_leaving_forgets_the_ballot_handed_to_this_phone(client):
    session = make_session(phase="collecting")
    add_ideas(session, "Smile", "Call back")
    session = move_to(session, "voting")
    set_joining_open(session, True)
    press(client, f"/j/{session.join_code}", "Join anonymously")
    assert client.get(f"/s/{session.join_code}").status_code == 200
    with client.session_transaction() as cookie:
        assert cookie["ballot"]["session"] == session.id

    press(client, f"/s/{session.join_code}", "Leave this session")

    with client.session_transaction() as cookie:
        assert "ballot" not in cookie
