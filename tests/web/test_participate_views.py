"""Participants join by code, add and vote on ideas, and see shared results, on their phones."""

import html
import re

import pytest
from sqlalchemy import func, select

from feedback_app.extensions import db
from feedback_app.models import Idea, Participant, Vote
from feedback_app.services import moderation
from feedback_app.services import sessions as session_service
from feedback_app.services.voting import cast_vote
from tests.factories import add_ideas, join, level_named, make_session, move_to, reload
from tests.web.html_forms import (
    csrf_token_from,
    form_with_button,
    forms_in,
    page_text,
    post_form,
    press,
    readable_text,
)


def join_on_the_web(client, session, **fields):
    """Join through the rendered form, so the browser holds the participant cookie."""
    response = press(client, f"/j/{session.join_code}", "Join anonymously", **fields)
    assert response.status_code == 302, page_text(response)
    return response


def idea_count(session) -> int:
    return db.session.scalar(select(func.count(Idea.id)).where(Idea.session_id == session.id))


def idea_card(page: str, idea_id: str) -> str:
    """The <li> of one idea in the room."""
    match = re.search(rf'<li class="idea[^"]*" id="idea-{idea_id}">.*?</li>', page, re.S)
    assert match, f"no card for idea {idea_id}"
    return match.group(0)


def visible_text(fragment: str) -> str:
    """The words a fragment shows, tags dropped and spaces collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


# Finding and joining a session


def test_home_page_shows_the_join_form(client):
    page = client.get("/").get_data(as_text=True)
    (form,) = [form for form in forms_in(page) if form.button == "Join"]
    assert form.action == "/join"
    assert "code" in dict(form.fields)
    assert "csrf_token" in dict(form.fields)


def test_a_wrong_code_is_a_404_with_a_message(client):
    make_session()
    response = press(client, "/", "Join", code="ZZZZZZ")
    assert response.status_code == 404
    assert "No session has that code. Check the code and try again." in page_text(response)


def test_a_code_typed_with_spaces_and_lower_case_finds_the_session(client):
    session = make_session()
    code = session.join_code
    typed = f" {code[:3].lower()} {code[3:].lower()} "
    response = press(client, "/", "Join", code=typed)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/j/{code}"


def test_join_page_shows_the_question_and_only_the_invited_levels(client):
    invited = [level_named("Supervisor").id, level_named("Front-line staff").id]
    session = make_session(
        title="Shop floor, June",
        prompt="What should happen when a delivery is late?",
        contributing_level_ids=invited,
    )
    response = client.get(f"/j/{session.join_code}")
    assert response.status_code == 200
    page = page_text(response)
    assert "Shop floor, June" in page
    assert "What should happen when a delivery is late?" in page
    options = re.findall(r"<option[^>]*>([^<]*)</option>", page)
    assert options == ["Prefer not to say", "Supervisor", "Front-line staff"]


def test_joining_sets_a_cookie_and_opens_the_room(client):
    session = make_session()
    level = level_named("Supervisor")
    response = join_on_the_web(client, session, level_id=str(level.id))
    assert response.headers["Location"] == f"/s/{session.join_code}"
    assert "session=" in response.headers["Set-Cookie"]
    assert "HttpOnly" in response.headers["Set-Cookie"]
    participant = db.session.scalars(select(Participant)).one()
    assert participant.session_id == session.id
    assert participant.level_id == level.id
    assert client.get(f"/s/{session.join_code}").status_code == 200


def test_joining_without_a_level_records_none(client):
    session = make_session()
    join_on_the_web(client, session)
    assert db.session.scalars(select(Participant)).one().level_id is None


def test_returning_to_the_join_link_goes_straight_to_the_room(client):
    session = make_session()
    join_on_the_web(client, session)
    response = client.get(f"/j/{session.join_code}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/s/{session.join_code}"
    assert db.session.scalar(select(func.count(Participant.id))) == 1


def test_the_room_sends_strangers_to_the_join_page(client):
    session = make_session()
    response = client.get(f"/s/{session.join_code}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/j/{session.join_code}"


def test_a_closed_session_cannot_be_joined(client):
    session = make_session(phase="closed")
    response = client.get(f"/j/{session.join_code}")
    assert response.status_code == 409
    assert "This session is closed." in page_text(response)
    assert not [form for form in forms_in(page_text(response)) if form.button == "Join anonymously"]


def test_the_room_in_draft_says_it_opens_shortly(client):
    session = make_session()
    join_on_the_web(client, session)
    page = page_text(client.get(f"/s/{session.join_code}"))
    assert "The facilitator will open the session shortly" in page
    assert not [form for form in forms_in(page) if form.button == "Add idea"]


# Ideas


def test_adding_an_idea_shows_it_as_yours(client):
    session = make_session(phase="collecting")
    join_on_the_web(client, session)
    room = f"/s/{session.join_code}"
    response = press(client, room, "Add idea", text="  Greet every customer within a minute  ")
    assert response.status_code == 302
    assert response.headers["Location"] == f"{room}#ideas"
    idea = db.session.scalars(select(Idea)).one()
    assert idea.text == "Greet every customer within a minute"
    page = page_text(client.get(room))
    assert "Thanks! Your idea is in." in page
    card = idea_card(page, idea.public_id)
    assert "Greet every customer within a minute" in card
    assert "Your idea" in card


def test_submitting_the_same_idea_form_twice_adds_one_idea(client):
    """A double tap, or a resubmit after a page that never came back, gives one idea; the next
    rendering of the form is a new submission."""
    session = make_session(phase="collecting")
    join_on_the_web(client, session)
    room = f"/s/{session.join_code}"
    form = form_with_button(client.get(room).get_data(as_text=True), "Add idea")
    for _ in range(2):
        response = post_form(client, form, text="Offer a seat to anyone who waits")
        assert response.status_code == 302
    assert idea_count(session) == 1
    press(client, room, "Add idea", text="Offer a seat to anyone who waits")
    assert idea_count(session) == 2


def test_other_peoples_ideas_are_not_marked_as_yours(client):
    session = make_session(phase="collecting")
    (theirs,) = add_ideas(session, "Offer a seat to anyone waiting")
    join_on_the_web(client, session)
    card = idea_card(page_text(client.get(f"/s/{session.join_code}")), theirs.public_id)
    assert "Offer a seat to anyone waiting" in card
    assert "Your idea" not in card
    assert "Edit" not in visible_text(card)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ab", "An idea needs at least 3 characters."),
        ("Smile\x07 at the door", "The idea contains control characters; please retype it."),
        ("Be kind \u202eto everyone", "The idea contains control characters; please retype it."),
    ],
    ids=["too-short", "bell-character", "bidi-override"],
)
def test_invalid_ideas_are_refused_with_a_message(client, text, message):
    session = make_session(phase="collecting")
    join_on_the_web(client, session)
    response = press(client, f"/s/{session.join_code}", "Add idea", text=text)
    assert response.status_code == 422
    assert message in page_text(response)
    assert idea_count(session) == 0


def test_adding_an_idea_after_voting_opened_is_refused(client):
    session = make_session(phase="collecting")
    join_on_the_web(client, session)
    room = f"/s/{session.join_code}"
    stale_form = form_with_button(client.get(room).get_data(as_text=True), "Add idea")
    move_to(session, "voting")
    response = post_form(client, stale_form, text="Too late for this idea")
    assert response.status_code == 302
    assert response.headers["Location"] == room
    assert idea_count(session) == 0
    assert "New ideas are not being collected right now." in page_text(client.get(room))


def test_editing_your_idea_shows_it_and_saves_it(client):
    session = make_session(phase="collecting")
    join_on_the_web(client, session)
    room = f"/s/{session.join_code}"
    press(client, room, "Add idea", text="Say hello")
    idea = db.session.scalars(select(Idea)).one()
    edit_url = f"{room}/ideas/{idea.public_id}/edit"

    response = client.get(edit_url)
    assert response.status_code == 200
    fields = dict(form_with_button(response.get_data(as_text=True), "Save").fields)
    assert fields["text"].removeprefix("\r\n") == "Say hello"  # browsers drop that newline

    response = press(client, edit_url, "Save", text="Say hello and smile")
    assert response.status_code == 302
    assert reload(idea).text == "Say hello and smile"
    page = page_text(client.get(room))
    assert "Idea updated." in page
    assert "Say hello and smile" in page


def test_an_invalid_edit_keeps_the_old_text(client):
    session = make_session(phase="collecting")
    join_on_the_web(client, session)
    room = f"/s/{session.join_code}"
    press(client, room, "Add idea", text="Say hello")
    idea = db.session.scalars(select(Idea)).one()
    response = press(client, f"{room}/ideas/{idea.public_id}/edit", "Save", text="no")
    assert response.status_code == 422
    assert "An idea needs at least 3 characters." in page_text(response)
    assert reload(idea).text == "Say hello"


def test_withdrawing_your_idea_removes_it(client):
    session = make_session(phase="collecting")
    join_on_the_web(client, session)
    room = f"/s/{session.join_code}"
    press(client, room, "Add idea", text="Play music in the queue")
    response = press(client, room, "Withdraw")
    assert response.status_code == 302
    assert idea_count(session) == 0
    page = page_text(client.get(room))
    assert "Idea withdrawn." in page
    assert "Play music in the queue" not in page


def test_someone_elses_idea_cannot_be_edited(client):
    session = make_session(phase="collecting")
    (theirs,) = add_ideas(session, "Offer a seat to anyone waiting")
    join_on_the_web(client, session)
    edit_url = f"/s/{session.join_code}/ideas/{theirs.public_id}/edit"
    response = client.get(edit_url)
    assert response.status_code == 404
    assert "This idea does not exist." in page_text(response)
    token = csrf_token_from(client, f"/s/{session.join_code}")
    response = client.post(edit_url, data={"csrf_token": token, "text": "Hijacked wording"})
    assert response.status_code == 404
    assert reload(theirs).text == "Offer a seat to anyone waiting"


def test_someone_elses_idea_cannot_be_withdrawn(client):
    session = make_session(phase="collecting")
    (theirs,) = add_ideas(session, "Offer a seat to anyone waiting")
    join_on_the_web(client, session)
    token = csrf_token_from(client, f"/s/{session.join_code}")
    response = client.post(
        f"/s/{session.join_code}/ideas/{theirs.public_id}/withdraw", data={"csrf_token": token}
    )
    assert reload(theirs) is not None
    assert response.status_code == 404
    assert "This idea does not exist." in page_text(response)


# Voting


def voting_session_with_idea(client, text: str = "Follow up every complaint within a day"):
    """A session with one idea, joined by this browser while collecting, now voting."""
    session = make_session(phase="collecting")
    (idea,) = add_ideas(session, text)
    join_on_the_web(client, session)
    return move_to(session, "voting"), idea


def my_votes() -> int:
    return db.session.scalar(select(func.count(Vote.id)))


def test_voting_and_taking_the_vote_back(client):
    session, idea = voting_session_with_idea(client)
    room = f"/s/{session.join_code}"

    response = press(client, room, "▲ Vote")
    assert response.status_code == 302
    assert response.headers["Location"] == f"{room}#idea-{idea.public_id}"
    assert my_votes() == 1
    card = idea_card(page_text(client.get(room)), idea.public_id)
    assert "✓ Voted" in card and 'aria-pressed="true"' in card

    response = press(client, room, "✓ Voted")
    assert response.status_code == 302
    assert my_votes() == 0
    card = idea_card(page_text(client.get(room)), idea.public_id)
    assert "▲ Vote" in card and 'aria-pressed="false"' in card


def test_voting_with_htmx_returns_just_the_updated_card(client):
    session, idea = voting_session_with_idea(client)
    room_page = client.get(f"/s/{session.join_code}").get_data(as_text=True)
    htmx = {"HX-Request": "true"}

    response = post_form(client, form_with_button(room_page, "▲ Vote"), headers=htmx)
    assert response.status_code == 200
    card = page_text(response).strip()
    assert card.startswith(f'<li class="idea voted" id="idea-{idea.public_id}">')
    assert card.endswith("</li>")
    assert "<html" not in card
    assert "✓ Voted" in card
    assert my_votes() == 1

    response = post_form(client, form_with_button(card, "✓ Voted"), headers=htmx)
    assert response.status_code == 200
    card = page_text(response).strip()
    assert card.startswith(f'<li class="idea" id="idea-{idea.public_id}">')
    assert "▲ Vote" in card
    assert my_votes() == 0


def test_a_vote_after_voting_closed_explains_itself_in_the_card(client):
    session, idea = voting_session_with_idea(client)
    room = f"/s/{session.join_code}"
    stale_form = form_with_button(client.get(room).get_data(as_text=True), "▲ Vote")
    move_to(session, "results")
    response = post_form(client, stale_form, headers={"HX-Request": "true"})
    assert response.status_code == 200
    card = page_text(response).strip()
    assert card.startswith(f'<li class="idea" id="idea-{idea.public_id}">')
    assert "Voting is not open right now." in card
    assert forms_in(card) == []  # no vote button once voting is over; the stream does the rest
    assert "HX-Refresh" not in response.headers
    assert my_votes() == 0


def test_the_room_never_shows_vote_counts_or_hidden_ideas(client):
    session = make_session(phase="collecting")
    popular, hidden = add_ideas(session, "Smile at the door", "Something rude")
    moderation.set_idea_status(hidden, "hidden")
    join_on_the_web(client, session)
    move_to(session, "voting")
    for _ in range(3):
        voter, _ = join(session)
        cast_vote(popular.id, voter)
    page = client.get(f"/s/{session.join_code}").get_data(as_text=True)
    card = idea_card(page, popular.public_id)
    without_comments = visible_text(re.sub(r"<details.*?</details>", "", card, flags=re.S))
    assert "Smile at the door" in without_comments
    assert not re.search(r"\d", without_comments), without_comments  # no vote count
    assert 'class="votes"' not in page
    assert "Something rude" not in page


# Results and phase changes


def test_results_wait_until_they_are_shared(client):
    session = make_session(phase="collecting")
    join_on_the_web(client, session)
    room = f"/s/{session.join_code}"
    results = f"{room}/results"

    response = client.get(results)
    assert response.status_code == 302
    assert response.headers["Location"] == room
    assert "Results are not available yet." in page_text(client.get(room))

    move_to(session, "results")
    response = client.get(results)
    assert response.status_code == 302
    assert response.headers["Location"] == room
    page = page_text(client.get(room))
    assert "The facilitator has not shared the results with participants." in page
    assert "See the results" not in readable_text(page)


def test_shared_results_show_the_ranking_in_order(client):
    session = make_session(phase="collecting")
    third, first, second = add_ideas(session, "Play music", "Greet by name", "Offer water")
    join_on_the_web(client, session)
    move_to(session, "voting")
    for idea, votes in ((first, 3), (second, 2), (third, 1)):
        for _ in range(votes):
            voter, _ = join(session)
            cast_vote(idea.id, voter)
    move_to(session, "results")
    session_service.set_results_public(session, True)

    room = page_text(client.get(f"/s/{session.join_code}"))
    assert "See the results" in readable_text(room)
    response = client.get(f"/s/{session.join_code}/results")
    assert response.status_code == 200
    page = page_text(response)
    positions = [page.index(text) for text in ("Greet by name", "Offer water", "Play music")]
    assert positions == sorted(positions)
    assert "3 votes" in visible_text(page)


def test_the_room_stream_replays_what_participants_may_see_and_nothing_else(client):
    session = make_session(phase="collecting", moderation="pre")
    join_on_the_web(client, session)
    room = f"/s/{session.join_code}"
    after = re.search(r'data-after="(\d+)"', client.get(room).get_data(as_text=True)).group(1)
    waiting, shown = add_ideas(session, "Waiting for approval", "Approved and shown")
    moderation.set_idea_status(shown, "visible")
    move_to(session, "voting")

    response = client.get(f"{room}/events?after={after}")
    assert response.status_code == 200
    assert response.mimetype == "text/event-stream"
    body = response.get_data(as_text=True)
    assert body.startswith("retry: ")
    frames = re.findall(r"id: (\d+)\nevent: ([a-z.]+)\ndata: (.*)\n\n", body)
    names = [name for _, name, _ in frames]
    # No pending idea, no staff status; voting closed joining.
    assert names == ["idea.added", "phase", "joining", "state"]
    assert "Approved and shown" in frames[0][2] and "Waiting for approval" not in body
    assert int(frames[-1][0]) >= int(frames[0][0])  # the state carries the last event number


def test_the_room_stream_is_only_for_this_rooms_participants(client):
    session = make_session(phase="collecting")
    response = client.get(f"/s/{session.join_code}/events")
    assert response.status_code == 403
    join_on_the_web(client, make_session(phase="collecting"))  # another room's cookie
    assert client.get(f"/s/{session.join_code}/events").status_code == 403
