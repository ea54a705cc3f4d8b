"""GET /api/v1/sessions/<id>/breakdown: staff read votes per level, never about fewer than k."""

from feedback_app.services import ideas
from feedback_app.services.phases import change_phase
from feedback_app.services.voting import cast_vote
from tests.factories import join, level_named, make_session, make_user


def session_with(levels: dict[str, int], owner=None):
    """A voting session: every participant votes for the one idea, written by the first."""
    session = make_session(owner, phase="collecting")
    people = [
        join(session, level_named(name).id)[0]
        for name, count in levels.items()
        for _ in range(count)
    ]
    idea = ideas.add_idea(session, people[0], "Greet every customer within ten seconds")
    change_phase(session, "voting")
    for person in people:
        cast_vote(idea.id, person)
    return session, idea


def test_breakdown_pools_a_level_of_two_so_neither_it_nor_a_difference_shows(api):
    owner = make_user()
    session, idea = session_with({"Front-line staff": 7, "Supervisor": 5, "Executive": 2}, owner)
    response = api.call("GET", f"/api/v1/sessions/{session.id}/breakdown", api.token_for(owner))
    assert response.status_code == 200
    body = response.json
    assert body["shown"] is True and body["min_group"] == 5 and body["participants"] == 14
    groups = {group["name"]: group for group in body["groups"]}
    assert set(groups) == {"Front-line staff", "Other levels"}
    assert groups["Other levels"]["level_names"] == ["Executive", "Supervisor"]
    assert [g["participants"] for g in body["groups"]] == [7, 7]
    assert min(g["participants"] for g in body["groups"]) >= body["min_group"]
    assert body["ideas"] == [
        {
            "idea_id": idea.public_id,
            "text": "Greet every customer within ten seconds",
            "votes": 14,
            "votes_by_group": {f"level-{level_named('Front-line staff').id}": 7, "other": 7},
        }
    ]
    assert "Executive" not in {group["name"] for group in body["groups"]}


def test_a_session_under_k_says_so_without_numbers(api):
    owner = make_user()
    session, _ = session_with({"Front-line staff": 3}, owner)
    response = api.call("GET", f"/api/v1/sessions/{session.id}/breakdown", api.token_for(owner))
    assert response.status_code == 200
    assert response.json == {
        "session_id": session.id,
        "voting_mode": "upvote",
        "min_group": 5,
        "participants": None,
        "shown": False,
        "groups": [],
        "ideas": [],
        "teams": [],
        "combinations": [],
    }


def test_only_staff_who_see_the_session_read_it(api):
    session, _ = session_with({"Front-line staff": 5})
    url = f"/api/v1/sessions/{session.id}/breakdown"
    assert api.call("GET", url).status_code == 401
    assert api.call("GET", url, join(session)[1]).status_code == 403
    assert api.call("GET", url, api.token_for(make_user())).status_code == 403
    manager = api.token_for(make_user(role="manager"))
    assert api.call("GET", url, manager).status_code == 200
    assert api.call("GET", "/api/v1/sessions/99999/breakdown", manager).status_code == 404
