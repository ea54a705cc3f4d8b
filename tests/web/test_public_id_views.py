"""Pages name ideas and comments only by their public ids: in URLs, anchors and data-*."""

import re

import pytest
from sqlalchemy import select

from feedback_app.extensions import db
from feedback_app.models import Comment, Idea
from feedback_app.services import comments
from tests.factories import add_ideas, join, make_session, make_user, move_to
from tests.web.html_forms import csrf_token_from
from tests.web.test_participate_views import join_on_the_web

TEXTS = [f"Idea number {n} about the queue" for n in range(1, 9)]


@pytest.fixture
def room(client, auth):
    """A collecting session with eight ideas and a comment, this browser joined as staff."""
    owner = make_user()
    session = make_session(owner, phase="collecting")
    ideas = add_ideas(session, *TEXTS)
    comment = comments.add_comment(ideas[0], join(session)[0], "Keep the queue moving")
    return session, owner, ideas, comment


def _integer_ids_in(page: str) -> set[str]:
    """Integers named where pages put idea and comment ids."""
    pattern = (
        r'(?:id="(?:idea|comment|comments|ranked)-|data-idea-id="|data-comments-for="'
        r"|/ideas/|/comments/)(\d+)(?![A-Za-z0-9_-])"
    )
    return set(re.findall(pattern, page))


def test_the_room_names_ideas_only_by_public_id(client, room):
    session, _, ideas, comment = room
    join_on_the_web(client, session)
    page = client.get(f"/s/{session.join_code}").get_data(as_text=True)
    for idea in ideas:
        assert f'id="idea-{idea.public_id}"' in page
        assert f"/s/{session.join_code}/ideas/{idea.public_id}/comments" in page
    assert f'id="comment-{comment.public_id}"' in page
    assert _integer_ids_in(page) == set()
    # The order on the page is the participant's own shuffle, not the order written.
    shown = re.findall(r'<li class="idea[^"]*" id="idea-([A-Za-z0-9_-]{16})"', page)
    shown = [id_ for id_ in shown if id_ != "placeholder-id-0"]  # the live script's template
    assert sorted(shown) == sorted(idea.public_id for idea in ideas)


def test_the_console_and_themes_name_ideas_only_by_public_id(client, auth, room):
    session, owner, ideas, comment = room
    phone = client.application.test_client()
    join_on_the_web(phone, session)
    auth.login(owner)
    console = client.get(f"/sessions/{session.id}").get_data(as_text=True)
    assert f"/sessions/{session.id}/ideas/{ideas[2].public_id}/status" in console
    assert f"/sessions/{session.id}/comments/{comment.public_id}/status" in console
    assert _integer_ids_in(console) == set()
    move_to(session, "voting")
    voting = phone.get(f"/s/{session.join_code}").get_data(as_text=True)
    assert f"/s/{session.join_code}/ideas/{ideas[1].public_id}/vote" in voting
    assert _integer_ids_in(voting) == set()


def test_voting_and_commenting_on_the_web_take_public_ids(client, room):
    session, _, ideas, _ = room
    join_on_the_web(client, session)
    token = csrf_token_from(client, f"/s/{session.join_code}")
    response = client.post(
        f"/s/{session.join_code}/ideas/{ideas[3].public_id}/comments",
        data={"text": "Good one", "csrf_token": token},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"#idea-{ideas[3].public_id}")
    stored = db.session.scalars(select(Comment.idea_id).where(Comment.text == "Good one")).all()
    assert stored == [ideas[3].id]


def _web_paths(session, ideas, comment):
    code, sid, idea = session.join_code, session.id, ideas[0].public_id
    return [
        ("post", f"/s/{code}/ideas/{{}}/vote", "participant"),
        ("post", f"/s/{code}/ideas/{{}}/unvote", "participant"),
        ("get", f"/s/{code}/ideas/{{}}/edit", "participant"),
        ("post", f"/s/{code}/ideas/{{}}/edit", "participant"),
        ("post", f"/s/{code}/ideas/{{}}/withdraw", "participant"),
        ("post", f"/s/{code}/ideas/{{}}/comments", "participant"),
        ("post", f"/sessions/{sid}/ideas/{{}}/status", "staff"),
        ("get", f"/sessions/{sid}/ideas/{{}}/correct", "staff"),
        ("post", f"/sessions/{sid}/ideas/{{}}/correct", "staff"),
        ("post", f"/sessions/{sid}/comments/{{}}/status", "staff"),
    ], idea


BAD_IDS = ["1", "2147483647", "AAAAAAAAAAAAAAAA", "short", "x" * 17, "null"]


def test_unknown_or_malformed_ids_in_every_page_path_are_404(client, auth, room):
    session, owner, ideas, comment = room
    phone = client.application.test_client()
    join_on_the_web(phone, session)
    phone_token = csrf_token_from(phone, f"/s/{session.join_code}")
    move_to(session, "voting")  # votes and comments are taken now: only the id can fail
    auth.login(owner)
    token = csrf_token_from(client, f"/sessions/{session.id}")
    callers = {"participant": (phone, phone_token), "staff": (client, token)}
    internal = [str(idea.id) for idea in ideas] + [str(comment.id)]
    paths, _ = _web_paths(session, ideas, comment)
    for method, template, who in paths:
        caller, csrf = callers[who]
        for bad in [*BAD_IDS, *internal]:
            data = {"text": "Hello there", "csrf_token": csrf}
            # htmx asks for the card: not found. A plain browser's vote goes back to the room
            # with "This idea does not exist." (the vote views answer every refusal that way).
            headers = {"HX-Request": "true"}
            response = getattr(caller, method)(template.format(bad), data=data, headers=headers)
            assert response.status_code == 404, (method, template, bad)
    assert db.session.scalar(select(Idea.text).where(Idea.id == ideas[0].id)) == TEXTS[0]
