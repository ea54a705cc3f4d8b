"""/api/v1 for the live room: session presets and settings, the timer, moderation and
corrections, pages of ideas, and the event stream with what each caller may see."""

import json
import re
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from feedback_app.extensions import db
from feedback_app.models import BrainstormSession, Participant, SessionEvent, SessionEventCounter
from feedback_app.services import live, moderation
from feedback_app.services import sessions as session_service
from feedback_app.services.voting import cast_vote
from tests.clocks import freeze
from tests.factories import add_ideas, join, level_named, make_session, make_user, move_to, reload

NOW = datetime(2026, 11, 27, 9, 30, 0)
TIMER_OFF = {
    "running": False,
    "seconds_left": None,
    "deadline": None,
    "server_now": "2026-11-27T09:30:00Z",
}
MINUTES_INVALID = "A timer runs from 1 to 120 minutes."


@pytest.fixture
def clock(monkeypatch):
    """Freeze the time the phases and live services read (requests run in this process)."""
    freeze(monkeypatch, NOW)
    return NOW


@pytest.fixture
def staff(api):
    user = make_user()
    return user, api.token_for(user)


def running(seconds: int) -> dict:
    deadline = NOW + timedelta(seconds=seconds)
    return {
        "running": True,
        "seconds_left": seconds,
        "deadline": deadline.isoformat() + "Z",
        "server_now": "2026-11-27T09:30:00Z",
    }


def paused(seconds: int) -> dict:
    return {**TIMER_OFF, "seconds_left": seconds}


def error_of(response) -> tuple[int, str | None, dict | None]:
    """(status, error code, error fields) of an answer; (status, None, None) when no error."""
    body = response.json if isinstance(response.json, dict) else {}
    error = body.get("error", {})
    return response.status_code, error.get("code"), error.get("fields")


def stored_events(session) -> list[tuple[int, str, str, dict]]:
    db.session.expire_all()
    query = select(SessionEvent).where(SessionEvent.session_id == session.id)
    rows = db.session.scalars(query.order_by(SessionEvent.seq))
    return [(e.seq, e.kind, e.audience, e.data) for e in rows]


def timer_row(session):
    stored = reload(session)
    return stored.phase, stored.phase_deadline, stored.timer_remaining


# Creating a session with moderation and timers


def create(api, token, **fields):
    body = {
        "title": "Front line",
        "prompt": "What should we do every time?",
        "target_level_id": level_named("Front-line staff").id,
    }
    body.update(fields)
    return api.call("POST", "/api/v1/sessions", token, json=body)


def test_a_session_can_be_created_pre_moderated_with_preset_timers(api, staff, clock):
    _, token = staff
    response = create(api, token, moderation="pre", collecting_minutes=6, voting_minutes=4)
    assert response.status_code == 201
    body = response.json
    assert {key: body[key] for key in ("moderation", "collecting_minutes", "voting_minutes")} == {
        "moderation": "pre",
        "collecting_minutes": 6,
        "voting_minutes": 4,
    }
    assert (body["joining_open"], body["show_live_counts"], body["timer"]) == (
        True,
        False,
        TIMER_OFF,
    )
    session = db.session.get(BrainstormSession, body["id"])
    assert (session.moderation, session.collecting_minutes, session.voting_minutes) == (
        "pre",
        6,
        4,
    )
    moved = api.call(
        "POST", f"/api/v1/sessions/{session.id}/phase", token, json={"phase": "collecting"}
    )
    assert moved.json["timer"] == running(360)
    assert timer_row(session) == ("collecting", NOW + timedelta(minutes=6), None)


def test_a_session_shows_ideas_at_once_and_runs_untimed_by_default(api, staff):
    response = create(api, staff[1])
    session = db.session.get(BrainstormSession, response.json["id"])
    assert (session.moderation, session.collecting_minutes, session.voting_minutes) == (
        "post",
        None,
        None,
    )


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"collecting_minutes": 0}, {"collecting_minutes": MINUTES_INVALID}),
        ({"voting_minutes": 121}, {"voting_minutes": MINUTES_INVALID}),
        ({"collecting_minutes": "5"}, {"collecting_minutes": "Must be an integer."}),
        ({"voting_minutes": True}, {"voting_minutes": "Must be an integer."}),
        ({"voting_minutes": 2.5}, {"voting_minutes": "Must be an integer."}),
        ({"moderation": "strict"}, {"moderation": "Unknown value; choose one of: post, pre."}),
    ],
)
def test_bad_moderation_or_minutes_are_422_naming_the_field(api, staff, fields, expected):
    response = create(api, staff[1], **fields)
    assert error_of(response) == (422, "validation_failed", expected)
    assert db.session.scalar(select(func.count(BrainstormSession.id))) == 0


# Changing settings while the session runs


def test_settings_change_one_at_a_time_and_absent_ones_stay(api, staff):
    user, token = staff
    session = make_session(user, phase="collecting")
    url = f"/api/v1/sessions/{session.id}"

    closed = api.call("PATCH", url, token, json={"joining_open": False})
    assert closed.status_code == 200
    assert (closed.json["joining_open"], closed.json["show_live_counts"]) == (False, False)
    counts = api.call("PATCH", url, token, json={"show_live_counts": True})
    assert (counts.json["joining_open"], counts.json["show_live_counts"]) == (False, True)
    pre = api.call("PATCH", url, token, json={"moderation": "pre", "results_public": True})
    assert (pre.json["moderation"], pre.json["results_public"]) == ("pre", True)

    stored = reload(session)
    assert (
        stored.joining_open,
        stored.show_live_counts,
        stored.moderation,
        stored.results_public,
    ) == (False, True, "pre", True)
    assert [(kind, audience, data) for _, kind, audience, data in stored_events(session)[1:]] == [
        ("joining", "all", {"open": False}),
        ("settings", "all", {"show_live_counts": True}),
        ("settings", "all", {"results_public": True}),
        ("settings", "staff", {"moderation": "pre"}),
    ]


def test_an_empty_change_changes_nothing(api, staff):
    user, token = staff
    session = make_session(user, phase="collecting")
    response = api.call("PATCH", f"/api/v1/sessions/{session.id}", token, json={})
    assert response.status_code == 200
    assert len(stored_events(session)) == 1


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"joining_open": "no"}, {"joining_open": "Must be true or false."}),
        ({"show_live_counts": 1}, {"show_live_counts": "Must be true or false."}),
        ({"joining_open": 0}, {"joining_open": "Must be true or false."}),
        ({"moderation": "strict"}, {"moderation": "Unknown value; choose one of: post, pre."}),
    ],
)
def test_bad_settings_are_422_and_change_nothing(api, staff, body, expected):
    user, token = staff
    session = make_session(user, phase="collecting")
    response = api.call("PATCH", f"/api/v1/sessions/{session.id}", token, json=body)
    assert error_of(response) == (422, "validation_failed", expected)
    stored = reload(session)
    assert (stored.joining_open, stored.show_live_counts, stored.moderation) == (
        True,
        False,
        "post",
    )


def test_only_the_sessions_runner_changes_its_settings(api, staff):
    user, token = staff
    session = make_session(user, phase="collecting")
    url = f"/api/v1/sessions/{session.id}"
    for other in (
        api.token_for(make_user()),
        api.token_for(make_user("manager")),
        join(session)[1],
    ):
        assert api.call("PATCH", url, other, json={"joining_open": False}).status_code == 403
    assert api.call("PATCH", url, None, json={"joining_open": False}).status_code == 401
    missing = api.call("PATCH", "/api/v1/sessions/99999", token, json={"joining_open": False})
    assert missing.status_code == 404
    assert reload(session).joining_open is True
    admin = api.token_for(make_user("admin"))
    assert api.call("PATCH", url, admin, json={"joining_open": False}).status_code == 200


def test_joining_a_closed_room_is_409_joining_closed(api, staff):
    user, token = staff
    session = make_session(user, phase="collecting")
    api.call("PATCH", f"/api/v1/sessions/{session.id}", token, json={"joining_open": False})
    response = api.client.post("/api/v1/join", json={"code": session.join_code})
    assert error_of(response) == (409, "joining_closed", {})
    assert response.json["error"]["message"] == (
        "The facilitator has closed this session to new participants."
    )
    assert db.session.scalar(select(func.count(Participant.id))) == 0
    api.call("PATCH", f"/api/v1/sessions/{session.id}", token, json={"joining_open": True})
    assert api.client.post("/api/v1/join", json={"code": session.join_code}).status_code == 201


# The timer


def timer_call(api, token, session, **body):
    return api.call("POST", f"/api/v1/sessions/{session.id}/timer", token, json=body)


def test_the_timer_starts_pauses_resumes_extends_and_stops(api, staff, clock):
    user, token = staff
    session = make_session(user, phase="voting")
    steps = [
        ({"action": "start", "minutes": 3}, running(180), (NOW + timedelta(minutes=3), None)),
        ({"action": "pause"}, paused(180), (None, 180)),
        ({"action": "extend"}, paused(240), (None, 240)),
        ({"action": "resume", "minutes": 99}, running(240), (NOW + timedelta(minutes=4), None)),
        ({"action": "extend"}, running(300), (NOW + timedelta(minutes=5), None)),
        ({"action": "stop"}, TIMER_OFF, (None, None)),
    ]
    for body, shown, stored in steps:
        response = timer_call(api, token, session, **body)
        assert response.status_code == 200, body
        assert (response.json["phase"], response.json["timer"]) == ("voting", shown)
        assert timer_row(session) == ("voting", *stored)
    assert [data for _, kind, _, data in stored_events(session) if kind == "timer"] == [
        shown for _, shown, _ in steps
    ]


def test_skip_moves_the_session_on_and_starts_the_next_preset(api, staff, clock):
    user, token = staff
    session = make_session(user, phase="collecting", voting_minutes=2)
    response = timer_call(api, token, session, action="skip")
    assert response.status_code == 200
    assert (response.json["phase"], response.json["timer"]) == ("voting", running(120))
    response = timer_call(api, token, session, action="skip")
    assert (response.json["phase"], response.json["timer"]) == ("results", TIMER_OFF)
    refused = timer_call(api, token, session, action="skip")
    assert error_of(refused) == (409, "wrong_phase", {})
    assert reload(session).phase == "results"


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ({"action": "start"}, {"minutes": "This field is required."}),
        ({"action": "start", "minutes": 0}, {"minutes": MINUTES_INVALID}),
        ({"action": "start", "minutes": 121}, {"minutes": MINUTES_INVALID}),
        ({"action": "start", "minutes": "5"}, {"minutes": "Must be an integer."}),
        (
            {"action": "explode"},
            {"action": "Unknown value; choose one of: start, pause, resume, extend, stop, skip."},
        ),
        ({}, {"action": "This field is required."}),
    ],
)
def test_bad_timer_requests_are_422_naming_the_field(api, staff, body, expected):
    user, token = staff
    session = make_session(user, phase="collecting")
    response = timer_call(api, token, session, **body)
    assert error_of(response) == (422, "validation_failed", expected)
    assert timer_row(session) == ("collecting", None, None)
    assert len(stored_events(session)) == 1


@pytest.mark.parametrize("phase", ["draft", "results", "closed"])
@pytest.mark.parametrize("body", [{"action": "start", "minutes": 5}, {"action": "pause"}])
def test_a_timer_outside_collecting_or_voting_is_409(api, staff, phase, body):
    user, token = staff
    session = make_session(user, phase=phase)
    response = timer_call(api, token, session, **body)
    assert error_of(response) == (409, "wrong_phase", {})
    assert response.json["error"]["message"] == (
        "Only the collecting and voting phases can run on a timer."
    )
    assert timer_row(session) == (phase, None, None)


def test_extending_with_no_timer_is_409(api, staff):
    user, token = staff
    session = make_session(user, phase="collecting")
    response = timer_call(api, token, session, action="extend")
    assert error_of(response) == (409, "wrong_phase", {})
    assert response.json["error"]["message"] == "There is no timer to extend; start one first."
    assert timer_row(session) == ("collecting", None, None)
    assert len(stored_events(session)) == 1


def test_only_the_sessions_runner_controls_its_timer(api, staff):
    user, token = staff
    session = make_session(user, phase="collecting")
    for other in (
        api.token_for(make_user()),
        api.token_for(make_user("manager")),
        join(session)[1],
    ):
        response = timer_call(api, other, session, action="start", minutes=5)
        assert response.status_code == 403
    assert timer_call(api, None, session, action="start", minutes=5).status_code == 401
    missing = api.call("POST", "/api/v1/sessions/99999/timer", token, json={"action": "stop"})
    assert missing.status_code == 404
    assert timer_row(session) == ("collecting", None, None)


# Moderating and correcting ideas


def patch_idea(api, token, idea, **body):
    return api.call("PATCH", f"/api/v1/ideas/{idea.public_id}", token, json=body)


def test_staff_approve_hide_and_set_ideas_aside(api, staff):
    user, token = staff
    session = make_session(user, phase="collecting", moderation="pre")
    (idea,) = add_ideas(session, "Offer water")
    for status in ("visible", "off_topic", "hidden", "visible"):
        response = patch_idea(api, token, idea, status=status)
        assert response.status_code == 200
        assert response.json == {"id": idea.public_id, "text": "Offer water", "status": status}
        assert reload(idea).status == status
    assert [(kind, audience) for _, kind, audience, _ in stored_events(session)[2:]] == [
        ("idea.status", "staff"),
        ("idea.added", "all"),
        ("idea.status", "staff"),
        ("idea.removed", "all"),
        ("idea.status", "staff"),
        ("idea.status", "staff"),
        ("idea.added", "all"),
    ]


def test_a_correction_bumps_the_version_and_its_voter_sees_it_changed(api, staff):
    user, token = staff
    session = make_session(user, phase="collecting")
    (idea,) = add_ideas(session, "Greet custommers")
    voter, voter_token = join(session)
    move_to(session, "voting")
    cast_vote(idea.id, voter)
    response = patch_idea(api, token, idea, text="  Greet customers ")
    assert response.status_code == 200
    assert response.json == {"id": idea.public_id, "text": "Greet customers", "status": "visible"}
    assert (reload(idea).text, reload(idea).version) == ("Greet customers", 2)
    seen = api.call("GET", f"/api/v1/sessions/{session.id}/ideas", voter_token).json
    assert seen == [
        {
            "id": idea.public_id,
            "text": "Greet customers",
            "mine": False,
            "voted": True,
            "status": "visible",
            "changed": True,
        }
    ]
    assert stored_events(session)[-1][1:] == (
        "idea.changed",
        "all",
        {"id": idea.public_id, "text": "Greet customers", "version": 2, "corrected": True},
    )


def test_a_correction_and_a_status_can_come_together(api, staff):
    user, token = staff
    session = make_session(user, phase="collecting", moderation="pre")
    (idea,) = add_ideas(session, "Offer watter")
    response = patch_idea(api, token, idea, text="Offer water", status="visible")
    assert response.json == {"id": idea.public_id, "text": "Offer water", "status": "visible"}
    stored = reload(idea)
    assert (stored.text, stored.version, stored.status) == ("Offer water", 2, "visible")
    kinds = [(kind, audience) for _, kind, audience, _ in stored_events(session)[2:]]
    assert kinds == [("idea.changed", "staff"), ("idea.status", "staff"), ("idea.added", "all")]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            {"status": "pending"},
            {"status": "Unknown value; choose one of: visible, hidden, off_topic."},
        ),
        (
            {"status": "deleted"},
            {"status": "Unknown value; choose one of: visible, hidden, off_topic."},
        ),
        ({}, {"status": "This field is required."}),
        ({"text": "hi"}, {"text": "An idea needs at least 3 characters."}),
    ],
)
def test_bad_moderation_requests_are_422(api, staff, body, expected):
    user, token = staff
    session = make_session(user, phase="collecting")
    (idea,) = add_ideas(session, "Offer water")
    response = patch_idea(api, token, idea, **body)
    assert error_of(response) == (422, "validation_failed", expected)
    stored = reload(idea)
    assert (stored.text, stored.status, stored.version) == ("Offer water", "visible", 1)


def test_ideas_of_a_closed_session_cannot_be_corrected(api, staff):
    user, token = staff
    session = make_session(user, phase="collecting")
    (idea,) = add_ideas(session, "Offer watter")
    move_to(session, "closed")
    response = patch_idea(api, token, idea, text="Offer water")
    assert error_of(response) == (409, "wrong_phase", {})
    assert reload(idea).version == 1


def test_only_the_sessions_runner_moderates_its_ideas(api, staff):
    _, token = staff
    session = make_session(make_user(), phase="collecting")
    (idea,) = add_ideas(session, "Offer water")
    assert patch_idea(api, token, idea, status="hidden").status_code == 403
    assert patch_idea(api, token, idea, text="Offer tea").status_code == 403
    manager = api.token_for(make_user("manager"))
    assert patch_idea(api, manager, idea, status="hidden").status_code == 403
    missing = api.call("PATCH", "/api/v1/ideas/99999", token, json={"status": "hidden"})
    assert missing.status_code == 404
    stored = reload(idea)
    assert (stored.text, stored.status) == ("Offer water", "visible")


def test_a_participant_cannot_moderate_even_their_own_idea(api):
    session = make_session(phase="collecting")
    _, token = join(session)
    created = api.call(
        "POST", f"/api/v1/sessions/{session.id}/ideas", token, json={"text": "Offer water"}
    )
    response = api.call(
        "PATCH", f"/api/v1/ideas/{created.json['id']}", token, json={"status": "hidden"}
    )
    assert error_of(response) == (422, "validation_failed", {"text": "This field is required."})
    assert created.json["status"] == "visible"


# Pages of ideas


def test_staff_read_a_sessions_ideas_a_page_at_a_time(api, staff):
    user, token = staff
    session = make_session(user, phase="collecting")
    ideas = add_ideas(session, "Idea A", "Idea B", "Idea C", "Idea D", "Idea E")
    url = f"/api/v1/sessions/{session.id}/ideas"
    pages = [api.call("GET", f"{url}?limit=2&offset={offset}", token) for offset in (0, 2, 4, 6)]
    assert [page.status_code for page in pages] == [200] * 4
    assert [[i["id"] for i in page.json] for page in pages] == [
        [ideas[0].public_id, ideas[1].public_id],
        [ideas[2].public_id, ideas[3].public_id],
        [ideas[4].public_id],
        [],
    ]


def test_a_participant_reads_their_own_order_a_page_at_a_time(api):
    session = make_session(phase="collecting")
    shown = add_ideas(session, "Idea A", "Idea B", "Idea C")
    session_service.set_moderation(session, "pre")
    author, token = join(session)
    created = api.call(
        "POST", f"/api/v1/sessions/{session.id}/ideas", token, json={"text": "Mine, waiting"}
    )
    assert created.json["status"] == "pending"
    url = f"/api/v1/sessions/{session.id}/ideas"
    first = api.call("GET", f"{url}?limit=2", token)
    rest = api.call("GET", f"{url}?limit=2&offset=2", token)
    assert (first.status_code, rest.status_code) == (200, 200)
    assert first.json[0] == {
        "id": created.json["id"],
        "text": "Mine, waiting",
        "mine": True,
        "voted": False,
        "status": "pending",
        "changed": False,
    }
    visible = [i["id"] for i in first.json[1:] + rest.json]
    assert sorted(visible) == sorted(i.public_id for i in shown)
    assert len(first.json) == 3 and len(rest.json) == 1


def test_the_author_sees_their_pending_idea_and_others_do_not(api):
    session = make_session(phase="collecting", moderation="pre")
    _, author = join(session)
    _, neighbour = join(session)
    created = api.call(
        "POST", f"/api/v1/sessions/{session.id}/ideas", author, json={"text": "Offer water"}
    )
    assert created.status_code == 201
    assert created.json["status"] == "pending"
    url = f"/api/v1/sessions/{session.id}/ideas"
    assert [i["status"] for i in api.call("GET", url, author).json] == ["pending"]
    assert api.call("GET", url, neighbour).json == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("limit=0", {"limit": "Must be greater than or equal to 1 and less than or equal to 500."}),
        (
            "limit=501",
            {"limit": "Must be greater than or equal to 1 and less than or equal to 500."},
        ),
        (
            "offset=-1",
            {"offset": "Must be greater than or equal to 0 and less than or equal to 2147483647."},
        ),
    ],
)
def test_a_page_out_of_range_is_422(api, staff, query, expected):
    user, token = staff
    session = make_session(user, phase="collecting")
    response = api.call("GET", f"/api/v1/sessions/{session.id}/ideas?{query}", token)
    assert error_of(response) == (422, "validation_failed", expected)


# The event stream


def frames(body: str) -> list[tuple[int | None, str, dict]]:
    found = re.findall(r"(?:id: (\d+)\n)?event: (\S+)\ndata: (.*)\n\n", body)
    return [(int(seq) if seq else None, name, json.loads(data)) for seq, name, data in found]


def stream(api, session, token, query: str = "", **headers):
    response = api.call(
        "GET", f"/api/v1/sessions/{session.id}/events{query}", token, headers=headers
    )
    assert response.status_code == 200, response.get_data(as_text=True)
    return response


@pytest.fixture
def room(staff):
    """A pre-moderated session: one idea pending, one approved, a participant and its token."""
    user, token = staff
    session = make_session(user, phase="collecting", moderation="pre")
    pending, approved = add_ideas(session, "Waiting for approval", "Approved and shown")
    moderation.set_idea_status(approved, "visible")
    _, participant = join(session)
    return session, token, participant, pending, approved


def test_the_stream_is_server_sent_events_that_end_at_once_under_wsgi(api, room):
    session, token, *_ = room
    response = stream(api, session, token)
    assert response.headers["Content-Type"] == "text/event-stream; charset=utf-8"
    assert response.headers["Cache-Control"] == "no-cache, no-store"
    assert response.headers["X-Accel-Buffering"] == "no"
    assert "X-Feedback-Stream" not in response.headers
    body = response.get_data(as_text=True)
    assert body.startswith("retry: 3000\n\n")
    assert [(seq, name) for seq, name, _ in frames(body)] == [(5, "state")]


def test_staff_replay_everything_after_last_event_id(api, room, clock):
    session, token, _, pending, approved = room
    found = frames(stream(api, session, token, **{"Last-Event-ID": "1"}).get_data(as_text=True))
    assert found == [
        (2, "idea.pending", {"id": pending.public_id, "text": "Waiting for approval"}),
        (3, "idea.pending", {"id": approved.public_id, "text": "Approved and shown"}),
        (
            4,
            "idea.status",
            {"id": approved.public_id, "status": "visible", "text": "Approved and shown"},
        ),
        (5, "idea.added", {"id": approved.public_id, "text": "Approved and shown"}),
        (
            5,
            "state",
            {
                "phase": "collecting",
                "joining_open": True,
                "timer": TIMER_OFF,
                "participants": 3,
                "show_live_counts": False,
                "votes_cast": 0,
                "held": False,  # under WSGI the stream ends after the catch-up
            },
        ),
    ]


def test_staff_replay_everything_after_the_after_parameter(api, room):
    session, token, _, pending, approved = room
    found = frames(stream(api, session, token, "?after=3").get_data(as_text=True))
    assert [(seq, name) for seq, name, _ in found] == [
        (4, "idea.status"),
        (5, "idea.added"),
        (5, "state"),
    ]


def test_participants_never_hear_of_pending_ideas_or_status_changes(api, room, clock):
    session, _, participant, *_ = room
    for query in ("", "?view=console", "?view=projector"):  # a view changes nothing for them
        body = stream(api, session, participant, query, **{"Last-Event-ID": "0"})
        body = body.get_data(as_text=True)
        assert frames(body) == [
            (
                1,
                "phase",
                {
                    "phase": "collecting",
                    "previous": "draft",
                    "timer": stored_events(session)[0][3]["timer"],
                },
            ),
            (5, "idea.added", {"id": room[4].public_id, "text": "Approved and shown"}),
            (
                5,
                "state",
                {
                    "phase": "collecting",
                    "joining_open": True,
                    "timer": TIMER_OFF,
                    "participants": 3,
                    "show_live_counts": False,
                    "held": False,
                },
            ),
        ]
        assert "Waiting for approval" not in body
        assert participant not in body


def test_the_projector_view_for_staff_sees_what_the_wall_may_show(api, room):
    session, token, *_ = room
    body = stream(api, session, token, "?view=projector", **{"Last-Event-ID": "1"})
    found = frames(body.get_data(as_text=True))
    assert [(seq, name) for seq, name, _ in found] == [(5, "idea.added"), (5, "state")]
    assert found[-1][2]["votes_cast"] == 0


def test_a_stream_ahead_of_the_log_starts_from_the_present(api, room):
    session, token, *_ = room
    found = frames(stream(api, session, token, **{"Last-Event-ID": "40"}).get_data(as_text=True))
    assert [(seq, name) for seq, name, _ in found] == [(5, "state")]


@pytest.mark.parametrize("last_event_id", ["abc", "-1", "1234567890"])
def test_a_malformed_last_event_id_starts_from_the_present(api, room, last_event_id):
    session, token, *_ = room
    found = frames(
        stream(api, session, token, **{"Last-Event-ID": last_event_id}).get_data(as_text=True)
    )
    assert [(seq, name) for seq, name, _ in found] == [(5, "state")]


def test_a_stream_too_far_behind_is_told_to_resync(api, room):
    session, token, *_ = room
    db.session.add_all(
        SessionEvent(session_id=session.id, seq=seq, kind="timer", audience="all", data={})
        for seq in range(6, live.REPLAY_MAX + 7)
    )
    db.session.get(SessionEventCounter, session.id).last_seq = live.REPLAY_MAX + 6
    db.session.commit()
    found = frames(stream(api, session, token, **{"Last-Event-ID": "1"}).get_data(as_text=True))
    assert [(seq, name, data) for seq, name, data in found][0] == (1006, "resync", {})
    assert [(seq, name) for seq, name, _ in found] == [(1006, "resync"), (1006, "state")]


def test_who_may_follow_a_sessions_stream(api, room):
    session, token, participant, *_ = room
    url = f"/api/v1/sessions/{session.id}/events"
    assert api.call("GET", url, None).status_code == 401
    assert api.call("GET", url, api.token_for(make_user())).status_code == 403
    _, outsider = join(make_session(phase="collecting"))
    assert api.call("GET", url, outsider).status_code == 403
    assert api.call("GET", url, api.token_for(make_user("manager"))).status_code == 200
    assert api.call("GET", "/api/v1/sessions/99999/events", token).status_code == 404
    bad_view = api.call("GET", f"{url}?view=wall", token)
    assert error_of(bad_view) == (
        422,
        "validation_failed",
        {"view": "Unknown value; choose one of: console, projector."},
    )


def test_a_vote_reaches_no_stream_as_identity(api, staff):
    """Votes are totals, not logged: a replay never says who voted."""
    user, token = staff
    session = make_session(user, phase="collecting")
    (idea,) = add_ideas(session, "Offer water")
    voter, voter_token = join(session)
    move_to(session, "voting")
    assert api.call("POST", f"/api/v1/ideas/{idea.public_id}/vote", voter_token).status_code in (
        200,
        201,
    )
    body = stream(api, session, token, **{"Last-Event-ID": "0"}).get_data(as_text=True)
    # Voting closed joining ("joining"); the vote itself is not in the log.
    names = [name for _, name, _ in frames(body)]
    assert names == ["phase", "idea.added", "phase", "joining", "state"]
    assert frames(body)[-1][2]["votes_cast"] == 1
    assert voter_token not in body and voter.token_hash not in body
