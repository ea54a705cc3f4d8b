"""The facilitator's console in the browser: moderation, corrections, timers, room settings,
the new-session presets, and what participants see of them in their room."""

import json
import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from feedback_app.clock import utc_now
from feedback_app.extensions import db
from feedback_app.models import BrainstormSession, Participant, SessionEvent
from feedback_app.services import live, moderation, phases
from feedback_app.services import sessions as session_service
from feedback_app.services.voting import cast_vote
from tests.clocks import freeze
from tests.factories import add_ideas, join, level_named, make_session, make_user, move_to, reload
from tests.web.html_forms import (
    csrf_token_from,
    form_with_button,
    forms_in,
    page_text,
    post_form,
    press,
    readable_text,
)

NOW = datetime(2026, 11, 27, 9, 30, 0)


@pytest.fixture
def clock(monkeypatch):
    """Freeze the time the phases and live services read (requests run in this process)."""
    freeze(monkeypatch, NOW)
    return NOW


@pytest.fixture
def owner(auth):
    user = make_user()
    auth.login(user)
    return user


def console(session) -> str:
    return f"/sessions/{session.id}"


def status_url(session, idea) -> str:
    return f"/sessions/{session.id}/ideas/{idea.public_id}/status"


def buttons_for(page: str, action: str) -> list[str]:
    return [form.button for form in forms_in(page) if form.action == action]


def flashes(page: str) -> list[str]:
    """The flashed messages at the top of a page."""
    block = re.search(r'<div class="flashes" role="status">(.*?)</div>', page, re.S)
    if block is None:
        return []
    found = re.findall(r'<p class="flash flash-\w+">(.*?)</p>', block.group(1), re.S)
    return [" ".join(text.split()) for text in found]


def frames(body: str) -> list[tuple[int | None, str, dict]]:
    """(id, event, data) of each frame of an event stream."""
    found = re.findall(r"(?:id: (\d+)\n)?event: (\S+)\ndata: (.*)\n\n", body)
    return [(int(seq) if seq else None, name, json.loads(data)) for seq, name, data in found]


def stored_events(session) -> list[tuple[int, str, str]]:
    db.session.expire_all()
    query = select(SessionEvent).where(SessionEvent.session_id == session.id)
    return [
        (e.seq, e.kind, e.audience) for e in db.session.scalars(query.order_by(SessionEvent.seq))
    ]


def timer_row(session):
    stored = reload(session)
    return stored.phase, stored.phase_deadline, stored.timer_remaining


# The console page


def test_the_console_says_where_its_stream_resumes_and_counts_the_room(client, owner):
    session = make_session(owner, phase="collecting")
    add_ideas(session, "Greet everyone", "Offer water")
    join(session)
    response = client.get(console(session))
    assert response.status_code == 200
    page = page_text(response)
    assert f'data-after="{live.last_seq(session.id)}"' in page
    assert live.last_seq(session.id) == 3
    assert f'data-events-url="/sessions/{session.id}/events?view=console"' in page
    assert "3 joined · 2 ideas · 0 votes" in readable_text(page)


def test_the_console_pages_older_ideas_fifty_at_a_time(client, owner):
    session = make_session(owner, phase="collecting")
    add_ideas(session, *(f"Idea {n:03d}" for n in range(1, 52)))
    first = page_text(client.get(console(session)))
    listed = re.findall(r'<span class="idea-text">(Idea \d{3})</span>', first)
    assert listed == [f"Idea {n:03d}" for n in range(51, 1, -1)]
    assert f'href="/sessions/{session.id}?page=2#ideas"' in first

    second = page_text(client.get(f"{console(session)}?page=2"))
    assert re.findall(r'<span class="idea-text">(Idea \d{3})</span>', second) == ["Idea 001"]
    assert "Older ideas" not in readable_text(second)

    panel = page_text(client.get(f"/sessions/{session.id}/live?page=2"))
    assert "<html" not in panel
    assert re.findall(r'<span class="idea-text">(Idea \d{3})</span>', panel) == ["Idea 001"]
    assert "51 visible ideas · 0 votes · 51 joined" in readable_text(panel)


def test_the_controls_fragment_shows_the_phase_timer_and_room_switches(client, owner, clock):
    session = make_session(owner, phase="collecting", collecting_minutes=5)
    response = client.get(f"/sessions/{session.id}/controls")
    assert response.status_code == 200
    fragment = page_text(response)
    assert "<html" not in fragment
    timer_action = f"/sessions/{session.id}/timer"
    assert buttons_for(fragment, timer_action) == [
        "Pause",
        "+1 minute",
        "Stop timer",
        "Skip to next phase",
    ]
    assert buttons_for(fragment, f"/sessions/{session.id}/settings") == [
        "Close joining",
        "Show live counts on the projector",
        "Approve ideas before they appear",
    ]
    assert "Collecting ideas 5:00 left" in readable_text(fragment)


def test_a_manager_follows_the_console_without_any_control(client, auth):
    owner = make_user()
    session = make_session(owner, phase="collecting")
    (idea,) = add_ideas(session, "Greet everyone")
    auth.login(make_user("manager"))
    for url in (console(session), f"/sessions/{session.id}/controls"):
        response = client.get(url)
        assert response.status_code == 200
        page = page_text(response)
        assert f"Run by {owner.email}; you can follow it here." in readable_text(page)
        posting = [form.action for form in forms_in(page) if form.method == "post"]
        assert [action for action in posting if action != "/logout"] == []
    token = csrf_token_from(client, "/sessions/")
    response = client.post(
        status_url(session, idea), data={"csrf_token": token, "status": "hidden"}
    )
    assert response.status_code == 403
    assert reload(idea).status == "visible"


@pytest.mark.parametrize("suffix", ["", "/controls", "/live", "/events"])
def test_another_facilitators_console_is_forbidden_and_a_missing_one_not_found(
    client, auth, suffix
):
    session = make_session(make_user(), phase="collecting")
    auth.login(make_user())
    response = client.get(f"/sessions/{session.id}{suffix}")
    assert response.status_code == 403
    assert "You can only manage your own sessions." in page_text(response)
    assert client.get(f"/sessions/99999{suffix}").status_code == 404


# The console's stream


def test_the_console_stream_replays_everything_and_the_projector_view_only_public_events(
    client, owner
):
    session = make_session(owner, phase="collecting", moderation="pre")
    pending, approved = add_ideas(session, "Waiting for approval", "Approved and shown")
    moderation.set_idea_status(approved, "visible")

    response = client.get(f"/sessions/{session.id}/events?view=console&after=1")
    assert response.status_code == 200
    assert response.mimetype == "text/event-stream"
    assert response.headers["Cache-Control"] == "no-cache, no-store"
    body = response.get_data(as_text=True)
    assert body.startswith("retry: 3000\n\n")
    assert [(seq, name) for seq, name, _ in frames(body)] == [
        (2, "idea.pending"),
        (3, "idea.pending"),
        (4, "idea.status"),
        (5, "idea.added"),
        (5, "state"),
    ]
    assert frames(body)[-1][2]["votes_cast"] == 0

    projector = client.get(f"/sessions/{session.id}/events?view=projector&after=1")
    found = frames(projector.get_data(as_text=True))
    assert [(seq, name) for seq, name, _ in found] == [(5, "idea.added"), (5, "state")]
    assert "Waiting for approval" not in projector.get_data(as_text=True)


def test_the_console_stream_resumes_from_last_event_id(client, owner):
    session = make_session(owner, phase="collecting")
    add_ideas(session, "First idea", "Second idea")
    response = client.get(f"/sessions/{session.id}/events", headers={"Last-Event-ID": "2"})
    found = frames(response.get_data(as_text=True))
    assert [(seq, name) for seq, name, _ in found] == [(3, "idea.added"), (3, "state")]
    assert found[0][2]["text"] == "Second idea"


# Moderating ideas


def test_the_pending_queue_shows_ideas_waiting_and_approve_lets_the_room_see_them(client, owner):
    session = make_session(owner, phase="collecting", moderation="pre")
    (idea,) = add_ideas(session, "Offer water while they wait")
    page = page_text(client.get(console(session)))
    assert "Waiting for approval ( 1 )" in readable_text(page)
    assert buttons_for(page, status_url(session, idea)) == ["Approve", "Hide"]

    response = press(client, console(session), "Approve", action=status_url(session, idea))
    assert response.status_code == 302
    assert response.headers["Location"] == f"/sessions/{session.id}#idea-{idea.public_id}"
    assert reload(idea).status == "visible"
    page = page_text(client.get(console(session)))
    assert "data-pending-section hidden" in page
    assert buttons_for(page, status_url(session, idea)) == ["Hide", "Off topic"]
    assert [kind for _, kind, _ in stored_events(session)][-2:] == ["idea.status", "idea.added"]


def test_off_topic_sets_the_idea_aside_and_show_brings_it_back(client, owner):
    session = make_session(owner, phase="collecting")
    idea, _ = add_ideas(session, "The car park is too small", "Greet everyone")
    press(client, console(session), "Off topic", action=status_url(session, idea))
    assert reload(idea).status == "off_topic"
    page = page_text(client.get(console(session)))
    row = re.search(
        rf'<li class="idea-admin off_topic" id="idea-{idea.public_id}".*?</li>', page, re.S
    )
    assert row is not None
    assert "Off topic" in readable_text(row.group(0))
    assert "1 visible ideas" in readable_text(page)
    assert buttons_for(page, status_url(session, idea)) == ["Show"]

    press(client, console(session), "Show", action=status_url(session, idea))
    assert reload(idea).status == "visible"


def test_approving_with_htmx_answers_with_the_ideas_new_row(client, owner):
    session = make_session(owner, phase="collecting", moderation="pre")
    (idea,) = add_ideas(session, "Offer water")
    response = press(
        client,
        console(session),
        "Approve",
        action=status_url(session, idea),
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    row = page_text(response).strip()
    assert row.startswith(f'<li class="idea-admin visible" id="idea-{idea.public_id}"')
    assert row.endswith("</li>")
    assert [form.button for form in forms_in(row)] == ["Hide", "Off topic"]
    assert reload(idea).status == "visible"


def test_a_status_the_console_does_not_offer_is_refused_with_a_message(client, owner):
    session = make_session(owner, phase="collecting")
    (idea,) = add_ideas(session, "Greet everyone")
    form = form_with_button(
        client.get(console(session)).get_data(as_text=True),
        "Hide",
        action=status_url(session, idea),
    )
    response = post_form(client, form, status="pending")
    assert response.status_code == 302
    assert reload(idea).status == "visible"
    assert flashes(page_text(client.get(console(session)))) == ["Unknown status."]


def test_an_idea_of_another_session_is_not_found_on_this_console(client, owner):
    session = make_session(owner, phase="collecting")
    (elsewhere,) = add_ideas(make_session(owner, phase="collecting"), "Greet everyone")
    token = csrf_token_from(client, console(session))
    response = client.post(
        status_url(session, elsewhere), data={"csrf_token": token, "status": "hidden"}
    )
    assert response.status_code == 404
    assert "This idea does not exist." in page_text(response)
    assert reload(elsewhere).status == "visible"
    correct = f"/sessions/{session.id}/ideas/{elsewhere.public_id}/correct"
    assert client.get(correct).status_code == 404
    response = client.post(correct, data={"csrf_token": token, "text": "Hijacked"})
    assert response.status_code == 404
    assert reload(elsewhere).text == "Greet everyone"


def test_another_facilitator_can_neither_moderate_nor_correct(client, auth):
    session = make_session(make_user(), phase="collecting")
    (idea,) = add_ideas(session, "Greet everyone")
    auth.login(make_user())
    token = csrf_token_from(client, "/sessions/")
    response = client.post(
        status_url(session, idea), data={"csrf_token": token, "status": "hidden"}
    )
    assert response.status_code == 403
    correct = f"/sessions/{session.id}/ideas/{idea.public_id}/correct"
    assert client.get(correct).status_code == 403
    response = client.post(correct, data={"csrf_token": token, "text": "Hijacked"})
    assert response.status_code == 403
    assert (reload(idea).status, reload(idea).text) == ("visible", "Greet everyone")


# Correcting an idea


def test_the_correction_form_starts_from_the_ideas_text_and_saves_a_new_version(client, owner):
    session = make_session(owner, phase="collecting")
    (idea,) = add_ideas(session, "Greet custommers by name")
    voter, _ = join(session)
    move_to(session, "voting")
    cast_vote(idea.id, voter)
    url = f"/sessions/{session.id}/ideas/{idea.public_id}/correct"
    response = client.get(url)
    assert response.status_code == 200
    (form,) = [f for f in forms_in(page_text(response)) if f.button == "Save the correction"]
    assert ("text", "Greet custommers by name") in [(n, v.strip()) for n, v in form.fields]

    response = press(client, url, "Save the correction", text="Greet customers by name")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/sessions/{session.id}"
    stored = reload(idea)
    assert (stored.text, stored.version) == ("Greet customers by name", 2)
    assert flashes(page_text(client.get(console(session)))) == [
        "Idea corrected; its author and voters see that it changed."
    ]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("hi", "An idea needs at least 3 characters."),
        ("", "This field is required."),
        ("x" * 501, "Field cannot be longer than 500 characters."),
    ],
)
def test_a_bad_correction_is_shown_again_with_its_message(client, owner, text, message):
    session = make_session(owner, phase="collecting")
    (idea,) = add_ideas(session, "Greet everyone")
    url = f"/sessions/{session.id}/ideas/{idea.public_id}/correct"
    response = press(client, url, "Save the correction", text=text)
    assert response.status_code == 422
    assert message in readable_text(page_text(response))
    assert (reload(idea).text, reload(idea).version) == ("Greet everyone", 1)


def test_ideas_of_a_closed_session_cannot_be_corrected(client, owner):
    session = make_session(owner, phase="collecting")
    (idea,) = add_ideas(session, "Greet everyone")
    move_to(session, "closed")
    url = f"/sessions/{session.id}/ideas/{idea.public_id}/correct"
    response = press(client, url, "Save the correction", text="Greet every customer")
    assert response.status_code == 422
    assert "This session is closed." in readable_text(page_text(response))
    assert reload(idea).version == 1


# Timer


def test_the_start_button_runs_the_phase_for_the_minutes_typed(client, owner, clock):
    session = make_session(owner, phase="collecting")
    url = console(session)
    response = press(client, url, "Start timer (min)", minutes="7")
    assert response.status_code == 302
    assert response.headers["Location"] == url
    assert flashes(page_text(client.get(url))) == []
    assert timer_row(session) == ("collecting", NOW + timedelta(minutes=7), None)
    assert stored_events(session)[-1] == (2, "timer", "all")


def test_pause_resume_extend_and_stop_the_timer_from_the_console(client, owner, clock):
    session = make_session(owner, phase="collecting")
    phases.start_timer(session, 7)
    url = console(session)
    assert "7:00 left" in readable_text(page_text(client.get(url)))

    response = press(client, url, "Pause")
    assert response.status_code == 302
    assert response.headers["Location"] == url
    assert timer_row(session) == ("collecting", None, 420)
    assert "7:00 left (paused)" in readable_text(page_text(client.get(url)))
    press(client, url, "+1 minute")
    assert timer_row(session) == ("collecting", None, 480)
    press(client, url, "Resume")
    assert timer_row(session) == ("collecting", NOW + timedelta(minutes=8), None)
    press(client, url, "+1 minute")
    assert timer_row(session) == ("collecting", NOW + timedelta(minutes=9), None)
    press(client, url, "Stop timer")
    assert timer_row(session) == ("collecting", None, None)
    assert [kind for _, kind, _ in stored_events(session)] == ["phase"] + ["timer"] * 6
    assert flashes(page_text(client.get(url))) == []


def test_the_timer_starts_with_five_minutes_when_none_are_given(client, owner, clock):
    session = make_session(owner, phase="voting")
    press(client, console(session), "Start timer (min)", minutes="")
    assert timer_row(session) == ("voting", NOW + timedelta(minutes=5), None)


@pytest.mark.parametrize("minutes", ["0", "121", "ten"])
def test_a_timer_outside_1_to_120_minutes_is_refused_with_a_message(client, owner, minutes):
    session = make_session(owner, phase="collecting")
    response = press(client, console(session), "Start timer (min)", minutes=minutes)
    assert response.status_code == 302
    assert timer_row(session) == ("collecting", None, None)
    assert flashes(page_text(client.get(console(session)))) == [
        "A timer runs from 1 to 120 minutes."
    ]


def test_skip_moves_the_session_to_the_next_phase(client, owner, clock):
    session = make_session(owner, phase="collecting", voting_minutes=3)
    press(client, console(session), "Skip to next phase")
    assert timer_row(session) == ("voting", NOW + timedelta(minutes=3), None)
    press(client, console(session), "Skip to next phase")
    assert timer_row(session) == ("results", None, None)


def test_the_timer_controls_appear_only_while_collecting_or_voting(client, owner):
    session = make_session(owner, phase="collecting")
    timer_action = f"/sessions/{session.id}/timer"
    stale = form_with_button(
        client.get(console(session)).get_data(as_text=True), "Skip to next phase"
    )
    for phase in ("voting", "results"):
        move_to(session, phase)
    assert buttons_for(page_text(client.get(console(session))), timer_action) == []
    # A console left open from before: its button cannot move the results on.
    response = post_form(client, stale)
    assert response.status_code == 302
    assert reload(session).phase == "results"
    assert flashes(page_text(client.get(console(session)))) == [
        "Only the collecting and voting phases can run on a timer."
    ]


def test_a_stale_timer_button_after_the_phase_ended_says_why(client, owner):
    session = make_session(owner, phase="collecting", collecting_minutes=5)
    stale = form_with_button(client.get(console(session)).get_data(as_text=True), "+1 minute")
    move_to(session, "results")
    post_form(client, stale)
    assert timer_row(session) == ("results", None, None)
    assert flashes(page_text(client.get(console(session)))) == [
        "Only the collecting and voting phases can run on a timer."
    ]


def test_extending_a_timer_that_is_gone_says_to_start_one(client, owner):
    session = make_session(owner, phase="collecting", collecting_minutes=5)
    stale = form_with_button(client.get(console(session)).get_data(as_text=True), "+1 minute")
    phases.stop_timer(session)
    post_form(client, stale)
    assert timer_row(session) == ("collecting", None, None)
    assert flashes(page_text(client.get(console(session)))) == [
        "There is no timer to extend; start one first."
    ]


def test_the_console_shows_where_the_ticker_moved_an_expired_session(client, owner):
    session = make_session(owner, phase="collecting", collecting_minutes=5)
    stored = reload(session)
    stored.phase_deadline = utc_now() - timedelta(seconds=1)
    db.session.commit()
    assert phases.advance_expired_phases() == 1  # what the live front runs every second
    page = page_text(client.get(console(session)))
    assert buttons_for(page, f"/sessions/{session.id}/phase") == [
        "Show results",
        "Reopen idea collection",
    ]
    assert 'data-phase="voting"' in page
    assert timer_row(session) == ("voting", None, None)


def test_another_facilitator_cannot_touch_the_timer_or_settings(client, auth):
    session = make_session(make_user(), phase="collecting")
    auth.login(make_user())
    token = csrf_token_from(client, "/sessions/")
    timer = client.post(
        f"/sessions/{session.id}/timer",
        data={"csrf_token": token, "action": "start", "minutes": "5"},
    )
    assert timer.status_code == 403
    setting = client.post(
        f"/sessions/{session.id}/settings",
        data={"csrf_token": token, "name": "joining_open", "value": "0"},
    )
    assert setting.status_code == 403
    assert timer_row(session) == ("collecting", None, None)
    assert reload(session).joining_open is True


# Room settings


def test_closing_and_reopening_joining_from_the_console(client, owner):
    session = make_session(owner, phase="collecting")
    response = press(client, console(session), "Close joining")
    assert response.status_code == 302
    assert reload(session).joining_open is False
    page = page_text(client.get(console(session)))
    assert flashes(page) == ["Joining is closed; the projector hides the code."]
    assert "Joining is closed" in readable_text(page)

    press(client, console(session), "Reopen joining")
    assert reload(session).joining_open is True
    assert flashes(page_text(client.get(console(session)))) == ["New people can join."]
    assert [kind for _, kind, _ in stored_events(session)][-2:] == ["joining", "joining"]


def test_switching_live_counts_on_the_projector(client, owner):
    session = make_session(owner, phase="voting")
    press(client, console(session), "Show live counts on the projector")
    assert reload(session).show_live_counts is True
    assert flashes(page_text(client.get(console(session)))) == [
        "The projector shows each idea's votes during voting."
    ]
    press(client, console(session), "Hide live counts on the projector")
    assert reload(session).show_live_counts is False
    assert flashes(page_text(client.get(console(session)))) == [
        "The projector shows only the number of votes cast."
    ]


def test_switching_pre_moderation_from_the_console(client, owner):
    session = make_session(owner, phase="collecting")
    press(client, console(session), "Approve ideas before they appear")
    assert reload(session).moderation == "pre"
    assert flashes(page_text(client.get(console(session)))) == ["Ideas now wait for your approval."]
    (idea,) = add_ideas(session, "Held back")
    assert reload(idea).status == "pending"
    press(client, console(session), "Let ideas appear at once")
    assert reload(session).moderation == "post"
    assert flashes(page_text(client.get(console(session)))) == ["Ideas appear at once."]
    assert stored_events(session)[-1][1:] == ("settings", "staff")


@pytest.mark.parametrize(
    ("name", "value"),
    [("joining_open", "maybe"), ("moderation", "strict"), ("phase", "closed")],
)
def test_a_setting_the_console_does_not_offer_changes_nothing(client, owner, name, value):
    session = make_session(owner, phase="collecting")
    before = stored_events(session)
    form = form_with_button(client.get(console(session)).get_data(as_text=True), "Close joining")
    response = post_form(client, form, name=name, value=value)
    assert response.status_code == 302
    stored = reload(session)
    assert (stored.joining_open, stored.moderation, stored.phase) == (True, "post", "collecting")
    assert stored_events(session) == before


# New session presets


def new_session_fields(**overrides):
    fields = {
        "title": "Front line, June",
        "prompt": "What should happen when a delivery is late?",
        "target_level_id": str(level_named("Supervisor").id),
    }
    fields.update(overrides)
    return fields


def test_a_new_session_can_wait_for_approval_and_run_on_timers(client, owner, clock):
    response = press(
        client,
        "/sessions/new",
        "Create session",
        **new_session_fields(moderation="pre", collecting_minutes="6", voting_minutes="4"),
    )
    assert response.status_code == 302
    session = db.session.scalars(select(BrainstormSession)).one()
    assert (session.moderation, session.collecting_minutes, session.voting_minutes) == (
        "pre",
        6,
        4,
    )
    assert timer_row(session) == ("draft", None, None)
    press(client, console(session), "Start collecting ideas")
    assert timer_row(session) == ("collecting", NOW + timedelta(minutes=6), None)


def test_a_new_session_by_default_shows_ideas_at_once_and_has_no_timers(client, owner):
    press(client, "/sessions/new", "Create session", **new_session_fields())
    session = db.session.scalars(select(BrainstormSession)).one()
    assert (session.moderation, session.collecting_minutes, session.voting_minutes) == (
        "post",
        None,
        None,
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"collecting_minutes": "0"}, "Number must be between 1 and 120."),
        ({"voting_minutes": "121"}, "Number must be between 1 and 120."),
        ({"voting_minutes": "soon"}, "Not a valid integer value."),
        ({"moderation": "strict"}, "Not a valid choice."),
    ],
)
def test_bad_presets_are_shown_again_with_their_message(client, owner, fields, message):
    response = press(client, "/sessions/new", "Create session", **new_session_fields(**fields))
    assert response.status_code == 422
    assert message in readable_text(page_text(response))
    assert db.session.scalar(select(func.count(BrainstormSession.id))) == 0


# What participants see of it


def join_on_the_web(client, session):
    response = press(client, f"/j/{session.join_code}", "Join anonymously")
    assert response.status_code == 302, page_text(response)


def test_a_late_joiner_is_told_joining_is_closed_and_not_admitted(client):
    session = make_session(phase="collecting")
    session_service.set_joining_open(session, False)
    page = client.get(f"/j/{session.join_code}")
    assert page.status_code == 409  # a conflict with the session's state, as in the API
    text = readable_text(page_text(page))
    assert "The facilitator has closed this session to new participants." in text
    assert [form for form in forms_in(page_text(page)) if form.button == "Join anonymously"] == []
    # A join page opened before joining closed still cannot get anyone in.
    token = csrf_token_from(client, "/join")
    response = client.post(f"/j/{session.join_code}", data={"level_id": 0, "csrf_token": token})
    assert response.status_code == 409
    assert "closed this session to new participants" in readable_text(page_text(response))
    assert db.session.scalar(select(func.count(Participant.id))) == 0


def test_people_already_in_keep_their_room_when_joining_closes(client):
    session = make_session(phase="collecting")
    join_on_the_web(client, session)
    session_service.set_joining_open(session, False)
    response = client.get(f"/j/{session.join_code}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/s/{session.join_code}"
    assert client.get(f"/s/{session.join_code}").status_code == 200


def test_an_author_sees_their_idea_wait_for_approval_and_others_do_not(client):
    session = make_session(phase="collecting", moderation="pre")
    join_on_the_web(client, session)
    room = f"/s/{session.join_code}"
    response = press(client, room, "Add idea", text="Offer water while they wait")
    assert response.status_code == 302
    page = page_text(client.get(room))
    assert flashes(page) == ["Thanks! Your idea will appear once the facilitator approves it."]
    text = readable_text(page)
    assert "Offer water while they wait Waiting for the facilitator's approval" in text
    other = client.application.test_client()
    join_on_the_web(other, session)
    assert "Offer water while they wait" not in page_text(other.get(room))


def changed_note_shown(page: str, idea) -> bool:
    card = re.search(rf'<li class="idea[^"]*" id="idea-{idea.public_id}">.*?</li>', page, re.S)
    assert card is not None, f"no card for idea {idea.id}"
    note = re.search(r'<p class="note" data-changed-note\s*(hidden)?>', card.group(0))
    assert note is not None
    return note.group(1) is None


def test_a_voter_is_told_when_the_facilitator_corrected_the_idea(client):
    session = make_session(phase="collecting")
    (idea,) = add_ideas(session, "Greet custommers by name")
    join_on_the_web(client, session)
    move_to(session, "voting")
    room = f"/s/{session.join_code}"
    press(client, room, "▲ Vote")
    assert changed_note_shown(page_text(client.get(room)), idea) is False
    moderation.correct_idea(reload(idea), "Greet customers by name", "voting")
    page = page_text(client.get(room))
    assert "Greet customers by name" in readable_text(page)
    assert changed_note_shown(page, idea) is True
    press(client, room, "✓ Voted")  # taking the vote back
    assert changed_note_shown(page_text(client.get(room)), idea) is False


def test_the_room_shows_thirty_ideas_a_page_and_more_on_request(client):
    session = make_session(phase="collecting")
    add_ideas(session, *(f"Idea {n:03d}" for n in range(1, 36)))
    join_on_the_web(client, session)
    room = f"/s/{session.join_code}"
    first = page_text(client.get(room))
    shown = re.findall(r'<p class="idea-text">(Idea \d{3})</p>', first)
    assert len(shown) == 30
    assert "Ideas so far ( 35 )" in readable_text(first)
    assert f'href="/s/{session.join_code}?page=2#ideas"' in first

    second = page_text(client.get(f"{room}?page=2"))
    more = re.findall(r'<p class="idea-text">(Idea \d{3})</p>', second)
    assert more[:30] == shown
    assert sorted(more) == [f"Idea {n:03d}" for n in range(1, 36)]
    assert "Show more ideas" not in readable_text(second)
    for bad in ("0", "-1", "abc"):
        assert (
            re.findall(
                r'<p class="idea-text">(Idea \d{3})</p>',
                page_text(client.get(f"{room}?page={bad}")),
            )
            == shown
        )


def test_the_rooms_stream_hears_that_an_idea_left_but_not_why(client):
    session = make_session(phase="collecting")
    (idea,) = add_ideas(session, "Tell Bob he is useless")
    join_on_the_web(client, session)
    room = f"/s/{session.join_code}"
    after = re.search(r'data-after="(\d+)"', client.get(room).get_data(as_text=True)).group(1)
    assert after == "2"
    moderation.set_idea_status(idea, "off_topic")
    phases.start_timer(session, 5)

    response = client.get(f"{room}/events", headers={"Last-Event-ID": after})
    assert response.status_code == 200
    assert response.mimetype == "text/event-stream"
    body = response.get_data(as_text=True)
    found = frames(body)
    assert [(seq, name) for seq, name, _ in found] == [
        (4, "idea.removed"),
        (5, "timer"),
        (5, "state"),
    ]
    assert found[0][2] == {"id": idea.public_id, "reason": "hidden"}
    assert "off_topic" not in body and "Tell Bob" not in body
    assert "votes_cast" not in found[-1][2]
