"""/api/v1/levels and /api/v1/sessions: create, list, read, phase, results sharing."""

import pytest
from sqlalchemy import func, select

from feedback_app.extensions import db
from feedback_app.models import BrainstormSession
from feedback_app.services.levels import set_level_retired
from feedback_app.services.segments import create_segment, session_tags
from tests.factories import join, level_named, make_session, make_user


@pytest.fixture
def staff(api):
    user = make_user("facilitator")
    return user, api.token_for(user)


def new_session(api, token, **fields):
    body = {
        "title": "Front line",
        "prompt": "What should we do every time?",
        "target_level_id": level_named("Front-line staff").id,
    }
    body.update(fields)
    return api.call("POST", "/api/v1/sessions", token, json=body)


def test_levels_are_listed_in_order_without_retired_ones(api):
    set_level_retired(level_named("Executive"), True)
    response = api.client.get("/api/v1/levels")
    assert response.status_code == 200
    assert [level["name"] for level in response.json] == [
        "Senior management",
        "Middle management",
        "Supervisor",
        "Front-line staff",
    ]


def test_create_session_returns_the_contract_fields(api, staff):
    _, token = staff
    supervisor = level_named("Supervisor")
    response = new_session(api, token, contributing_level_ids=[supervisor.id], voting_mode="upvote")
    assert response.status_code == 201
    body = response.json
    assert {"id", "join_code", "join_url", "phase"} <= set(body)
    assert body["phase"] == "draft"
    assert body["allowed_phases"] == ["collecting"]
    assert body["contributing_level_ids"] == [supervisor.id]
    assert body["join_url"] == f"http://feedback.test/j/{body['join_code']}"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": None}, "title"),
        ({"prompt": 12}, "prompt"),
        ({"target_level_id": "3"}, "target_level_id"),
        ({"target_level_id": True}, "target_level_id"),
        ({"target_level_id": 999}, "level_id"),
        ({"contributing_level_ids": "all"}, "contributing_level_ids"),
        ({"contributing_level_ids": [999]}, "contributing_level_ids"),
        ({"voting_mode": "ranked"}, "voting_mode"),
        ({"dot_budget": 0}, "dot_budget"),
        ({"dot_budget": 51}, "dot_budget"),
        ({"voting_mode": "dots", "dot_budget": 3, "dots_per_idea": 4}, "dots_per_idea"),
        ({"dots_per_idea": "2"}, "dots_per_idea"),
        ({"allow_self_votes": 0}, "allow_self_votes"),
        ({"ballot_cards": "no"}, "ballot_cards"),
        ({"results_public": "yes"}, "results_public"),
    ],
)
def test_invalid_session_fields_are_422(api, staff, fields, field):
    response = new_session(api, staff[1], **fields)
    assert response.status_code == 422
    assert field in response.json["error"]["fields"]


def test_participants_cannot_create_sessions(api):
    session = make_session()
    _, token = join(session)
    response = new_session(api, token)
    assert response.status_code == 403
    assert response.json["error"]["code"] == "forbidden"


def test_list_shows_own_sessions_to_facilitators_and_all_to_managers(api, staff):
    user, token = staff
    mine = make_session(user, title="Mine")
    make_session(title="Someone else's")
    listed = api.call("GET", "/api/v1/sessions", token).json
    assert [s["id"] for s in listed] == [mine.id]
    assert listed[0]["idea_count"] == 0 and listed[0]["participants"] == 0
    manager_token = api.token_for(make_user("manager"))
    assert len(api.call("GET", "/api/v1/sessions", manager_token).json) == 2


def test_read_one_session_as_owner_stranger_participant_and_unknown(api, staff):
    user, token = staff
    session = make_session(user)
    assert (
        api.call("GET", f"/api/v1/sessions/{session.id}", token).json["join_code"]
        == session.join_code
    )
    stranger = api.token_for(make_user("facilitator"))
    assert api.call("GET", f"/api/v1/sessions/{session.id}", stranger).status_code == 403
    _, participant = join(session)
    seen = api.call("GET", f"/api/v1/sessions/{session.id}", participant).json
    assert set(seen) == {
        "id",
        "title",
        "prompt",
        "phase",
        "voting_mode",
        "results_public",
        "timer",
        "dot_budget",
        "dots_per_idea",
        "allow_self_votes",
    }
    other_session = make_session(user)
    assert api.call("GET", f"/api/v1/sessions/{other_session.id}", participant).status_code == 403
    missing = api.call("GET", "/api/v1/sessions/99999", token)
    assert missing.status_code == 404
    assert missing.json["error"]["code"] == "not_found"


def test_phase_moves_and_their_errors(api, staff):
    user, token = staff
    session = make_session(user)
    url = f"/api/v1/sessions/{session.id}/phase"
    moved = api.call("POST", url, token, json={"phase": "collecting"})
    assert moved.status_code == 200
    assert moved.json["phase"] == "collecting"
    impossible = api.call("POST", url, token, json={"phase": "closed"})
    assert impossible.status_code == 409
    assert impossible.json["error"]["code"] == "wrong_phase"
    assert api.call("POST", url, token, json={"phase": "finished"}).status_code == 422
    assert api.call("POST", url, token, json={}).status_code == 422
    assert api.call("POST", url, token, data="phase=voting").status_code == 400
    manager = api.token_for(make_user("manager"))
    assert api.call("POST", url, manager, json={"phase": "voting"}).status_code == 403
    assert (
        api.call(
            "POST", "/api/v1/sessions/99999/phase", token, json={"phase": "voting"}
        ).status_code
        == 404
    )


def test_sharing_results_with_participants(api, staff):
    user, token = staff
    session = make_session(user)
    url = f"/api/v1/sessions/{session.id}"
    assert (
        api.call("PATCH", url, token, json={"results_public": True}).json["results_public"] is True
    )
    assert api.call("PATCH", url, token, json={"results_public": "no"}).status_code == 422
    stranger = api.token_for(make_user("facilitator"))
    assert api.call("PATCH", url, stranger, json={"results_public": False}).status_code == 403


def test_anonymity_cannot_be_switched_off_for_any_session(api, staff):
    """No named-contribution mode exists: asking for one is refused with the reason, before or
    after ideas arrive, and every session says it is anonymous."""
    user, token = staff
    refused = new_session(api, token, anonymous=False)
    assert refused.status_code == 422
    assert "always anonymous" in refused.json["error"]["fields"]["anonymous"]
    created = new_session(api, token, anonymous=True)
    assert created.status_code == 201
    assert created.json["anonymous"] is True
    session = make_session(user, phase="collecting")
    join(session)
    response = api.call("PATCH", f"/api/v1/sessions/{session.id}", token, json={"anonymous": False})
    assert response.status_code == 422
    assert "always anonymous" in response.json["error"]["fields"]["anonymous"]
    assert api.call("GET", f"/api/v1/sessions/{session.id}", token).json["anonymous"] is True


@pytest.fixture
def register():
    """Two segments of the register, made in the reverse order of their names."""
    return create_segment({"name": "Retired regulars"}), create_segment({"name": "Busy commuters"})


def test_a_new_session_is_tagged_with_the_segments_it_concerns(api, staff, register):
    retired, busy = register
    response = new_session(api, staff[1], segment_ids=[retired.id, busy.id, retired.id])
    assert response.status_code == 201
    expected = [
        {"id": busy.id, "name": "Busy commuters"},
        {"id": retired.id, "name": "Retired regulars"},
    ]
    assert response.json["segments"] == expected
    stored = db.session.get(BrainstormSession, response.json["id"])
    assert [tag.name for tag in session_tags(stored)] == ["Busy commuters", "Retired regulars"]
    read = api.call("GET", f"/api/v1/sessions/{stored.id}", staff[1]).json
    assert read["segments"] == expected
    listed = api.call("GET", "/api/v1/sessions", staff[1]).json
    assert listed[0]["segments"] == expected


def test_a_session_without_segments_reports_none(api, staff, register):
    response = new_session(api, staff[1])
    assert response.status_code == 201
    assert response.json["segments"] == []


@pytest.mark.parametrize("segment_ids", [[99999], "all", [0], ["1"], [True]])
def test_unknown_or_malformed_segments_refuse_the_session(api, staff, register, segment_ids):
    before = db.session.scalar(select(func.count(BrainstormSession.id)))
    response = new_session(api, staff[1], segment_ids=segment_ids)
    assert response.status_code == 422
    assert "segment_ids" in response.json["error"]["fields"]
    assert db.session.scalar(select(func.count(BrainstormSession.id))) == before


def test_an_unknown_segment_among_known_ones_is_named(api, staff, register):
    response = new_session(api, staff[1], segment_ids=[register[0].id, 99999])
    assert response.status_code == 422
    assert response.json["error"]["fields"]["segment_ids"] == "Choose segments from the register."


def test_patch_replaces_or_clears_the_tags_and_leaves_them_when_absent(api, staff, register):
    user, token = staff
    retired, busy = register
    session = make_session(user)
    url = f"/api/v1/sessions/{session.id}"
    tagged = api.call("PATCH", url, token, json={"segment_ids": [retired.id]})
    assert tagged.status_code == 200
    assert tagged.json["segments"] == [{"id": retired.id, "name": "Retired regulars"}]
    replaced = api.call("PATCH", url, token, json={"segment_ids": [busy.id]})
    assert [tag["id"] for tag in replaced.json["segments"]] == [busy.id]
    untouched = api.call("PATCH", url, token, json={"results_public": True})
    assert [tag["id"] for tag in untouched.json["segments"]] == [busy.id]
    assert [tag.id for tag in session_tags(session)] == [busy.id]
    cleared = api.call("PATCH", url, token, json={"segment_ids": []})
    assert cleared.json["segments"] == []
    assert session_tags(session) == []


def test_patch_with_an_unknown_segment_changes_nothing(api, staff, register):
    user, token = staff
    session = make_session(user)
    url = f"/api/v1/sessions/{session.id}"
    api.call("PATCH", url, token, json={"segment_ids": [register[0].id]})
    response = api.call("PATCH", url, token, json={"segment_ids": [99999], "results_public": True})
    assert response.status_code == 422
    assert "segment_ids" in response.json["error"]["fields"]
    read = api.call("GET", url, token).json
    assert read["results_public"] is False
    assert [tag["id"] for tag in read["segments"]] == [register[0].id]


def test_only_the_sessions_facilitator_retags_it(api, staff, register):
    session = make_session(staff[0])
    stranger = api.token_for(make_user("facilitator"))
    response = api.call(
        "PATCH", f"/api/v1/sessions/{session.id}", stranger, json={"segment_ids": [register[0].id]}
    )
    assert response.status_code == 403
    assert session_tags(session) == []
