"""Public ids: ideas and comments leave the server only under random, unordered ids.

Integer keys count up: seen from outside they would tell in what order ideas were written,
which can be matched with other traces (who was typing when). See docs/anonymity.md.
"""

import json
import re

import pytest
from sqlalchemy import select

from feedback_app.errors import NotFound
from feedback_app.extensions import db
from feedback_app.models import Comment, Idea, SessionEvent
from feedback_app.models.public_ids import looks_like_public_id
from feedback_app.services import comments, public_ids
from feedback_app.services.phases import change_phase
from tests.factories import join, make_session, make_user

IDEAS = [f"Idea number {n} about greeting customers" for n in range(1, 13)]


@pytest.fixture
def room(api):
    """A collecting session with a dozen ideas from one participant, in the order written."""
    owner = make_user()
    session = make_session(owner, phase="collecting")
    participant, token = join(session)
    ids = []
    for text in IDEAS:
        response = api.call(
            "POST", f"/api/v1/sessions/{session.id}/ideas", token, json={"text": text}
        )
        assert response.status_code == 201
        ids.append(response.json["id"])
    return session, api.token_for(owner), token, ids


def _internal_ids(session) -> list[int]:
    return list(db.session.scalars(select(Idea.id).where(Idea.session_id == session.id)))


def test_successive_ideas_get_opaque_ids_not_ordered_by_creation(api, room):
    session, staff, _, ids = room
    assert all(isinstance(id_, str) and looks_like_public_id(id_) for id_ in ids)
    assert not any(id_.isdigit() for id_ in ids)
    assert len(set(ids)) == len(ids)
    # Twelve random ids come out in the order written once in 12! (about 2e-9).
    assert ids != sorted(ids)
    assert ids != sorted(ids, reverse=True)
    listed = api.call("GET", f"/api/v1/sessions/{session.id}/ideas", staff).json
    assert [item["id"] for item in listed] == ids  # staff list, oldest first, same ids
    stored = dict(db.session.execute(select(Idea.public_id, Idea.text)).all())
    assert [stored[id_] for id_ in ids] == IDEAS


def test_no_integer_idea_id_in_the_api_list_or_the_live_events(api, room):
    session, staff, participant, ids = room
    internal = _internal_ids(session)
    for token in (staff, participant):
        listed = api.call("GET", f"/api/v1/sessions/{session.id}/ideas", token).json
        assert sorted(item["id"] for item in listed) == sorted(ids)
        assert not {item["id"] for item in listed} & {str(i) for i in internal}
    events = db.session.scalars(select(SessionEvent).where(SessionEvent.session_id == session.id))
    payloads = [event.data for event in events if event.kind == "idea.added"]
    assert sorted(p["id"] for p in payloads) == sorted(ids)
    text = json.dumps(payloads)
    for id_ in internal:
        assert not re.search(rf'"(id|idea_id)": "?{id_}"?[,}}]', text)


def test_votes_comments_and_merges_answer_with_public_ids(api, room):
    session, staff, participant, ids = room
    comment = api.call(
        "POST", f"/api/v1/ideas/{ids[0]}/comments", participant, json={"text": "Yes, by name"}
    )
    assert comment.status_code == 201
    assert comment.json["idea_id"] == ids[0]
    stored = db.session.scalar(select(Comment))
    assert comment.json["id"] == stored.public_id and looks_like_public_id(stored.public_id)
    change_phase(session, "voting")
    _, voter = join(session)
    vote = api.call("POST", f"/api/v1/ideas/{ids[1]}/vote", voter)
    assert vote.status_code == 201 and vote.json["idea_id"] == ids[1]
    merged = api.call("POST", f"/api/v1/ideas/{ids[2]}/merge", staff, json={"into_idea_id": ids[1]})
    assert merged.status_code == 200, merged.json
    assert (merged.json["id"], merged.json["merged_idea_id"]) == (ids[1], ids[2])
    ranking = api.call("GET", f"/api/v1/sessions/{session.id}/ranking", staff).json
    assert ranking[0]["idea_id"] == ids[1]
    assert {row["idea_id"] for row in ranking} <= set(ids)


def _paths(ids: list[str], comment_id: str, staff: str, participant: str):
    """Every API operation that takes an idea or comment id, with a caller allowed to use it."""
    idea = ids[0]
    return [
        ("PATCH", "/api/v1/ideas/{}", staff, {"status": "hidden"}, idea),
        ("DELETE", "/api/v1/ideas/{}", participant, None, idea),
        ("POST", "/api/v1/ideas/{}/vote", participant, None, idea),
        ("DELETE", "/api/v1/ideas/{}/vote", participant, None, idea),
        ("GET", "/api/v1/ideas/{}/comments", staff, None, idea),
        ("POST", "/api/v1/ideas/{}/comments", participant, {"text": "More on this"}, idea),
        ("PATCH", "/api/v1/comments/{}", staff, {"status": "hidden"}, comment_id),
        ("POST", "/api/v1/ideas/{}/merge", staff, {"into_idea_id": ids[1]}, idea),
    ]


BAD_IDS = ["1", "2147483647", "AAAAAAAAAAAAAAAA", "short", "x" * 17, "%2e%2e", "null"]


def test_unknown_or_malformed_ids_in_every_api_path_are_404(api, room):
    session, staff, participant, ids = room
    comment = comments.add_comment(db.session.get(Idea, _internal_ids(session)[0]), *_who(session))
    internal = _internal_ids(session)
    for method, template, token, body, _ in _paths(ids, comment.public_id, staff, participant):
        for bad in [*BAD_IDS, str(internal[0]), str(comment.id)]:
            response = api.call(method, template.format(bad), token, json=body)
            assert response.status_code == 404, (method, template, bad, response.json)
            assert response.json["error"]["code"] == "not_found"


def _who(session):
    participant, _ = join(session)
    return participant, "A comment to find"


def test_unknown_or_malformed_ids_in_bodies_are_404_or_422(api, room):
    session, staff, _, ids = room
    unknown = api.call(
        "POST", f"/api/v1/ideas/{ids[0]}/merge", staff, json={"into_idea_id": "A" * 16}
    )
    assert unknown.status_code == 404
    for bad in [1, "1", "x" * 17, None, ["x"]]:
        response = api.call(
            "POST", f"/api/v1/ideas/{ids[0]}/merge", staff, json={"into_idea_id": bad}
        )
        assert response.status_code == 422, bad
        assert "into_idea_id" in response.json["error"]["fields"]


def test_the_resolvers_find_each_kind_and_refuse_unknown_ids(room):
    session, _, _, ids = room
    idea = public_ids.find_idea(ids[3])
    assert idea.text == IDEAS[3]
    participant, _ = join(session)
    assert public_ids.find_participant(participant.public_id).id == participant.id
    comment = comments.add_comment(idea, participant, "Build on it")
    assert public_ids.find_comment(comment.public_id).id == comment.id
    assert public_ids.idea_ids([ids[5], ids[1]]) == [
        public_ids.find_idea(ids[5]).id,
        public_ids.find_idea(ids[1]).id,
    ]
    second = public_ids.find_idea(ids[1]).id
    assert public_ids.idea_ids(["A" * 16, ids[1]], skip_unknown=True) == [second]
    for find in (public_ids.find_idea, public_ids.find_comment, public_ids.find_participant):
        with pytest.raises(NotFound):
            find("A" * 16)
