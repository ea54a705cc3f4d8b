"""Facilitators run sessions in the browser: dashboard, new session, phases and moderation."""

import xml.etree.ElementTree as ET

import pytest
from sqlalchemy import func, select

from feedback_app.extensions import db
from feedback_app.models import BrainstormSession
from feedback_app.services.moderation import set_idea_status
from tests.factories import add_ideas, level_named, make_session, make_user, move_to, reload
from tests.web.html_forms import csrf_token_from, forms_in, page_text, press, readable_text


def session_count() -> int:
    return db.session.scalar(select(func.count(BrainstormSession.id)))


# Dashboard


def test_dashboard_lists_only_the_facilitators_own_sessions(client, auth):
    me, colleague = make_user(), make_user()
    make_session(me, title="My morning session")
    make_session(colleague, title="Someone else's session")
    auth.login(me)
    page = page_text(client.get("/sessions/"))
    assert "Your sessions" in page
    assert "My morning session" in page
    assert "Someone else's session" not in page
    assert f"by {me.email}" not in page


def test_dashboard_lists_every_session_with_its_owner_for_a_manager(client, auth):
    first, second = make_user(), make_user()
    make_session(first, title="Depot team")
    make_session(second, title="Call centre")
    auth.login(make_user("manager"))
    page = page_text(client.get("/sessions/"))
    assert "All sessions" in page
    assert "Depot team" in page and f"by {first.email}" in page
    assert "Call centre" in page and f"by {second.email}" in page


def test_dashboard_without_sessions_invites_you_to_create_one(client, auth):
    make_session(make_user(), title="Not mine")
    auth.login(make_user())
    page = page_text(client.get("/sessions/"))
    assert "No sessions yet" in page
    assert "Create your first session" in page
    assert "Not mine" not in page


# Creating a session


def test_new_session_form_creates_the_session_and_shows_how_to_join(client, auth):
    owner = make_user()
    auth.login(owner)
    target = level_named("Supervisor")
    invited = [level_named("Supervisor").id, level_named("Front-line staff").id]
    response = press(
        client,
        "/sessions/new",
        "Create session",
        title="Branch managers, May",
        prompt="How should we greet a customer who has waited too long?",
        target_level_id=str(target.id),
        contributing_level_ids=[str(level_id) for level_id in invited],
        results_public="y",
    )
    assert response.status_code == 302
    session = db.session.scalars(select(BrainstormSession)).one()
    assert response.headers["Location"] == f"/sessions/{session.id}"
    assert session.title == "Branch managers, May"
    assert session.prompt == "How should we greet a customer who has waited too long?"
    assert session.owner_id == owner.id
    assert session.phase == "draft"
    assert session.target_level_id == target.id
    assert sorted(level.id for level in session.contributing_levels) == sorted(invited)
    assert session.results_public is True

    page = page_text(client.get(response.headers["Location"]))
    assert f"Session created. Join code: {session.join_code}" in page
    assert f'data-testid="join-code">{session.join_code}<' in page
    assert f'src="/sessions/{session.id}/qr.svg"' in page
    assert f'href="http://feedback.test/j/{session.join_code}"' in page


def test_new_session_form_invites_every_level_and_keeps_results_private_by_default(client, auth):
    auth.login(make_user())
    response = press(
        client,
        "/sessions/new",
        "Create session",
        title="Defaults",
        prompt="What would make a complaint feel handled?",
        target_level_id=str(level_named("Executive").id),
    )
    assert response.status_code == 302
    session = db.session.scalars(select(BrainstormSession)).one()
    assert len(session.contributing_levels) == 5
    assert session.results_public is False


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"title": ""}, "This field is required."),
        ({"title": "   "}, "This field is required."),
        ({"prompt": "x" * 501}, "Field cannot be longer than 500 characters."),
    ],
    ids=["empty-title", "blank-title", "too-long-question"],
)
def test_invalid_new_session_is_shown_again_with_the_message(client, auth, fields, message):
    auth.login(make_user())
    values = {
        "title": "A title",
        "prompt": "A question",
        "target_level_id": str(level_named("Supervisor").id),
    }
    values.update(fields)
    response = press(client, "/sessions/new", "Create session", **values)
    assert response.status_code == 422
    page = page_text(response)
    assert message in page
    assert "New brainstorming session" in page
    assert session_count() == 0


# QR code


def test_qr_code_is_an_svg_that_differs_between_sessions(client, auth):
    owner = make_user()
    first, second = make_session(owner), make_session(owner)
    auth.login(owner)
    images = []
    for session in (first, second):
        response = client.get(f"/sessions/{session.id}/qr.svg")
        assert response.status_code == 200
        assert response.mimetype == "image/svg+xml"
        body = response.get_data(as_text=True)
        assert "<svg" in body
        root = ET.fromstring(body)  # raises on malformed XML
        assert root.tag.endswith("svg")
        images.append(body)
    assert images[0] != images[1]


# Phases


def test_phase_buttons_move_the_session_through_its_phases(client, auth):
    owner = make_user()
    session = make_session(owner)
    auth.login(owner)
    url = f"/sessions/{session.id}"
    steps = [
        ("Start collecting ideas", "collecting", "Collecting ideas"),
        ("Open voting", "voting", "Voting"),
        ("Show results", "results", "Results"),
        ("Reopen voting", "voting", "Voting"),
        ("Reopen idea collection", "collecting", "Collecting ideas"),
        ("Open voting", "voting", "Voting"),
        ("Show results", "results", "Results"),
        ("Close session", "closed", "Closed"),
        ("Reopen results", "results", "Results"),
    ]
    for button, phase, label in steps:
        response = press(client, url, button)
        assert response.status_code == 302
        assert response.headers["Location"] == url
        assert reload(session).phase == phase
        assert f"Session is now: {label}." in page_text(client.get(url))


def test_session_page_offers_only_the_allowed_moves(client, auth):
    owner = make_user()
    session = make_session(owner, phase="results")
    auth.login(owner)
    buttons = {
        form.button
        for form in forms_in(client.get(f"/sessions/{session.id}").get_data(as_text=True))
        if form.action == f"/sessions/{session.id}/phase"
    }
    assert buttons == {"Close session", "Reopen voting"}


@pytest.mark.parametrize(
    ("phase", "message"),
    [
        ("results", "A session cannot move from draft to results."),
        ("bogus", "Unknown phase 'bogus'."),
    ],
)
def test_impossible_phase_move_shows_an_error_and_keeps_the_phase(client, auth, phase, message):
    owner = make_user()
    session = make_session(owner)
    auth.login(owner)
    url = f"/sessions/{session.id}"
    response = press(client, url, "Start collecting ideas", phase=phase)
    assert response.status_code == 302
    page = page_text(client.get(url))
    assert message in page
    assert "flash-error" in page
    assert reload(session).phase == "draft"


def test_results_can_be_shared_with_participants_and_made_staff_only_again(client, auth):
    owner = make_user()
    session = make_session(owner)
    auth.login(owner)
    url = f"/sessions/{session.id}"
    response = press(client, url, "Share results with participants")
    assert response.status_code == 302
    assert reload(session).results_public is True
    page = page_text(client.get(url))
    assert "Participants can see the results." in page
    assert "Keep results staff-only" in page

    press(client, url, "Keep results staff-only")
    assert reload(session).results_public is False
    page = page_text(client.get(url))
    assert "Results are staff-only." in page
    assert "Share results with participants" in page


# Moderation


def test_hide_and_show_an_idea(client, auth):
    owner = make_user()
    session = make_session(owner, phase="collecting")
    idea, _ = add_ideas(session, "Greet everyone by name", "Offer a glass of water")
    auth.login(owner)
    url = f"/sessions/{session.id}"
    action = f"/sessions/{session.id}/ideas/{idea.public_id}/status"

    response = press(client, url, "Hide", action=action)
    assert response.status_code == 302
    assert response.headers["Location"] == f"{url}#idea-{idea.public_id}"
    assert reload(idea).status == "hidden"
    page = page_text(client.get(url))
    assert "1 visible ideas" in readable_text(page)
    assert [form.button for form in forms_in(page) if form.action == action] == ["Show"]

    press(client, url, "Show", action=action)
    assert reload(idea).status == "visible"
    assert "2 visible ideas" in readable_text(page_text(client.get(url)))


def test_hiding_with_htmx_returns_only_the_idea_row(client, auth):
    owner = make_user()
    session = make_session(owner, phase="collecting")
    (idea,) = add_ideas(session, "Greet everyone by name")
    auth.login(owner)
    response = press(
        client,
        f"/sessions/{session.id}",
        "Hide",
        action=f"/sessions/{session.id}/ideas/{idea.public_id}/status",
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    fragment = page_text(response).strip()
    assert fragment.startswith(f'<li class="idea-admin hidden" id="idea-{idea.public_id}"')
    assert fragment.endswith("</li>")
    assert "Greet everyone by name" in fragment and "Hidden" in readable_text(fragment)
    assert [form.button for form in forms_in(fragment)] == ["Show"]
    assert reload(idea).status == "hidden"


def test_live_panel_and_presenter_screen_render(client, auth):
    owner = make_user()
    session = make_session(owner, phase="collecting", prompt="What makes a visit feel welcoming?")
    smile, names, rude = add_ideas(
        session, "Smile at the door", "Learn regular customers' names", "Tell Bob he is useless"
    )
    set_idea_status(rude, "hidden")
    auth.login(owner)

    live = client.get(f"/sessions/{session.id}/live")
    assert live.status_code == 200
    fragment = page_text(live)
    assert "<html" not in fragment
    assert "Smile at the door" in fragment
    assert "Learn regular customers' names" in fragment
    assert "2 visible ideas · 0 votes · 3 joined" in readable_text(fragment)
    assert "Tell Bob he is useless" in fragment  # the console shows hidden ideas, marked

    present = client.get(f"/sessions/{session.id}/present")
    assert present.status_code == 200
    page = page_text(present)
    assert "What makes a visit feel welcoming?" in page
    assert session.join_code in page
    assert "http://feedback.test/join" in page
    assert f'src="/sessions/{session.id}/qr.svg"' in page
    assert "Collecting ideas 3 joined" in readable_text(page)
    assert "2 ideas" in readable_text(page)
    # The wall shows visible ideas only, and nothing a facilitator would click.
    for live_page in (page, page_text(client.get(f"/sessions/{session.id}/present/live"))):
        assert "Smile at the door" in live_page
        assert "Learn regular customers" in live_page
        assert "Tell Bob he is useless" not in live_page
        assert forms_in(live_page) == []
        assert "Hide" not in readable_text(live_page) and "Approve" not in live_page


# Access


@pytest.mark.parametrize("suffix", ["", "/live", "/present", "/qr.svg", "/results"])
def test_another_facilitator_cannot_see_the_session(client, auth, suffix):
    session = make_session(make_user(), phase="collecting")
    auth.login(make_user())
    response = client.get(f"/sessions/{session.id}{suffix}")
    assert response.status_code == 403
    assert "You can only manage your own sessions." in page_text(response)


def test_another_facilitator_cannot_change_the_phase(client, auth):
    session = make_session(make_user())
    auth.login(make_user())
    token = csrf_token_from(client, "/sessions/")
    response = client.post(
        f"/sessions/{session.id}/phase", data={"csrf_token": token, "phase": "collecting"}
    )
    assert response.status_code == 403
    assert "You can only manage your own sessions." in page_text(response)
    assert reload(session).phase == "draft"


def test_a_manager_can_follow_a_session_but_not_run_it(client, auth):
    owner = make_user()
    session = make_session(owner, phase="collecting", title="Warehouse")
    (idea,) = add_ideas(session, "Label every shelf")
    auth.login(make_user("manager"))
    url = f"/sessions/{session.id}"
    response = client.get(url)
    assert response.status_code == 200
    page = page_text(response)
    assert "Warehouse" in page and "Label every shelf" in page
    assert f"Run by {owner.email}" in page
    buttons = {form.button for form in forms_in(page)}
    assert buttons == {"Log out"}

    token = csrf_token_from(client, url)
    response = client.post(f"{url}/phase", data={"csrf_token": token, "phase": "voting"})
    assert response.status_code == 403
    assert reload(session).phase == "collecting"
    response = client.post(
        f"{url}/ideas/{idea.public_id}/status", data={"csrf_token": token, "status": "hidden"}
    )
    assert response.status_code == 403
    assert reload(idea).status == "visible"


def test_unknown_session_is_a_friendly_404_page(client, auth):
    auth.login(make_user())
    response = client.get("/sessions/999999")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    page = page_text(response)
    assert "Error 404" in page
    assert "Traceback" not in page


def test_a_finished_session_offers_no_code_or_qr_to_join(client, auth):
    owner = make_user()
    session = make_session(owner, phase="collecting")
    auth.login(owner)
    qr_code = f'src="/sessions/{session.id}/qr.svg"'
    assert qr_code in page_text(client.get(f"/sessions/{session.id}"))
    move_to(session, "closed")
    page = page_text(client.get(f"/sessions/{session.id}"))
    assert qr_code not in page
    assert f"/j/{session.join_code}" not in page
    assert "This session is closed: its code and QR code let nobody in." in readable_text(page)


def test_the_session_list_names_each_figure_for_phones(client, auth):
    owner = make_user()
    make_session(owner, phase="collecting", title="Counter staff")
    auth.login(owner)
    page = page_text(client.get("/sessions/"))
    for label in ("For", "Phase", "Code", "People", "Ideas"):
        assert f'data-label="{label}"' in page
