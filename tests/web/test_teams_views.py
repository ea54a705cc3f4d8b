"""Teams in the browser: the admin's teams page and links, the team page with its proposals,
the team select when joining, owner teams on objectives and the team breakdown on results."""

import re

import pytest
from sqlalchemy import select

from feedback_app.extensions import db
from feedback_app.models import BrainstormSession, Idea, Participant, Team
from feedback_app.services import objectives, segments
from feedback_app.services.decisions import decide
from tests.factories import (
    join,
    level_named,
    make_candidate,
    make_session,
    make_team,
    make_user,
    reload,
)
from tests.web.html_forms import page_text, press

OBJECTIVE = {
    "metric": "Time to greet",
    "target": 10,
    "unit": "seconds",
    "measured_by": "Spot checks",
}


@pytest.fixture
def admin(auth):
    user = make_user("admin")
    auth.login(user)
    return user


def _link_on(response) -> str:
    return re.search(r'data-testid="team-url">([^<]+)<', response.get_data(as_text=True))[1]


def test_an_admin_adds_a_team_and_sees_its_link_and_qr_code_once(client, admin):
    response = press(
        client, "/admin/teams", "Add team", name="Leeds shop", description="The high-street shop"
    )
    assert response.status_code == 201
    link = _link_on(response)
    token = link.rsplit("/t/", 1)[1]
    team = db.session.scalar(select(Team))
    assert (team.name, team.description) == ("Leeds shop", "The high-street shop")
    assert token not in team.link_token_hash
    assert "<svg" in response.get_data(as_text=True)
    again = client.get("/admin/teams")
    assert token not in again.get_data(as_text=True)


def test_a_duplicate_team_name_is_refused_on_the_page(client, admin):
    make_team("Leeds shop")
    response = press(client, "/admin/teams", "Add team", name="leeds shop")
    assert response.status_code == 422
    assert "A team with that name already exists." in page_text(response)
    assert db.session.scalar(select(Team.name)) == "Leeds shop"


def test_rotating_the_link_makes_the_old_one_404(client, admin):
    made = make_team("Leeds shop")
    assert client.get(f"/t/{made.token}").status_code == 200
    response = press(client, "/admin/teams", "New link")
    new_token = _link_on(response).rsplit("/t/", 1)[1]
    assert client.get(f"/t/{made.token}").status_code == 404
    assert client.get(f"/t/{new_token}").status_code == 200


def test_an_admin_renames_and_retires_a_team(client, admin):
    team = make_team("Leeds shop").team
    action = f"/admin/teams/{team.id}/edit"
    press(client, "/admin/teams", "Save", action=action, name="Leeds city", description="Moved")
    assert (reload(team).name, reload(team).description) == ("Leeds city", "Moved")
    press(client, "/admin/teams", "Retire")
    assert reload(team).retired is True


def test_only_admins_see_the_teams_page(client, auth):
    auth.login(make_user("manager"))
    assert client.get("/admin/teams").status_code == 403


def test_the_team_page_shows_delegated_items_and_targets_not_yet_measured(client):
    manager = make_user("manager")
    made = make_team("Leeds shop")
    standard = make_candidate(manager, "Greet every customer within ten seconds", "Say hello")
    objectives.add_objective(standard, manager, owner_team_id=made.team.id, **OBJECTIVE)
    decide(standard, "adopted", "Customers notice", manager)
    text = page_text(client.get(f"/t/{made.token}"))
    assert standard.title in text
    assert "Target: at most 10 seconds" in text
    assert "not measured yet" in text


def test_a_proposal_from_the_team_page_arrives_in_the_teams_standing_session(client):
    made = make_team("Leeds shop")
    response = press(
        client, f"/t/{made.token}", "Send proposal", text="Greet within 15 seconds at peak"
    )
    assert response.status_code == 303
    session = db.session.get(BrainstormSession, reload(made.team).standing_session_id)
    [idea] = db.session.scalars(select(Idea).where(Idea.session_id == session.id)).all()
    assert (idea.text, idea.participant_id) == ("Greet within 15 seconds at peak", None)
    assert db.session.scalars(select(Participant)).all() == []
    followed = client.get(response.headers["Location"])
    assert "your proposal has been sent" in page_text(followed)


def test_an_empty_proposal_keeps_the_page_and_says_why(client):
    made = make_team()
    response = press(client, f"/t/{made.token}", "Send proposal", text="  ")
    assert response.status_code == 422
    assert "Write your proposal first." in page_text(response)
    assert db.session.scalars(select(Idea)).all() == []


def test_an_unknown_team_link_is_404(client):
    make_team()
    assert client.get("/t/not-a-real-token").status_code == 404


def test_proposals_are_rate_limited_per_team_link(tmp_path):
    from tests.conftest import make_app, reset_database

    app = make_app(tmp_path, PARTICIPANT_RATE_LIMIT="2 per minute", RATELIMIT_ENABLED=True)
    with app.app_context():
        reset_database()
        made = make_team()
        client = app.test_client()
        url = f"/t/{made.token}"
        statuses = [client.post(url, data={"text": f"Proposal {n}"}).status_code for n in range(3)]
        assert statuses == [303, 303, 429]
        assert client.get(url).status_code == 200
        db.session.remove()


def test_joining_offers_the_teams_and_keeps_the_choice(client):
    team = make_team("Leeds shop").team
    session = make_session(phase="collecting")
    url = f"/j/{session.join_code}"
    assert "Leeds shop" in page_text(client.get(url))
    press(client, url, "Join anonymously", team_id=team.id, level_id=level_named("Supervisor").id)
    participant = db.session.scalar(select(Participant))
    assert (participant.team_id, participant.level_id) == (team.id, level_named("Supervisor").id)


def test_without_teams_the_join_page_asks_no_team(client):
    session = make_session(phase="collecting")
    assert "Your team" not in page_text(client.get(f"/j/{session.join_code}"))


def test_an_objective_gets_an_owner_team_from_a_select(client, auth):
    manager = make_user("manager")
    auth.login(manager)
    team = make_team("Leeds shop").team
    standard = make_candidate(manager, "Greet every customer within ten seconds", "Say hello")
    url = f"/standards/{standard.id}"
    press(
        client,
        url,
        "Add objective",
        metric="Time to greet",
        target="10",
        unit="seconds",
        measured_by="Spot checks",
        owner_team_id=team.id,
    )
    [objective] = reload(standard).objectives
    assert objective.owner_team_id == team.id
    assert "owner Leeds shop" in page_text(client.get(url))


def test_the_results_page_breaks_down_by_team_and_hides_small_combinations(client, auth):
    owner = make_user("facilitator")
    auth.login(owner)
    leeds, york = make_team("Leeds").team, make_team("York").team
    session = make_session(owner, phase="collecting")
    for level, team, count in (
        ("Front-line staff", leeds, 6),
        ("Front-line staff", york, 2),
        ("Supervisor", york, 5),
    ):
        for _ in range(count):
            join(session, level_named(level).id, team.id)
    html = client.get(f"/sessions/{session.id}/results").get_data(as_text=True)
    text = page_text(client.get(f"/sessions/{session.id}/results"))
    assert "By team" in text
    table = html[html.index('data-testid="level-team-table"') :]
    table = table[: table.index("</table>")]
    assert (
        re.findall(r'<td class="num">(.*?)</td>', table)
        == ['<span aria-label="not shown">–</span>'] * 4
    )


def test_the_workspace_filters_by_segment_and_shows_the_teams_figures(client, auth):
    manager = make_user("manager")
    auth.login(manager)
    tagged = make_session(manager, phase="collecting", title="Tagged")
    make_session(manager, phase="collecting", title="Untagged")
    segment = segments.create_segment({"name": "Busy commuters"})
    segments.tag_session(tagged, [segment.id])
    leeds = make_team("Leeds").team
    for _ in range(5):
        join(tagged, level_named("Front-line staff").id, leeds.id)
    response = client.get(f"/results?segment={segment.id}&team={leeds.id}")
    text = page_text(response)
    assert response.status_code == 200
    assert "Tagged" in text and "Untagged" not in text
    assert "<strong>Leeds</strong>: 5 people" in text
    assert "Front-line staff in this team: 5 people" in text
    assert client.get("/results?segment=999").status_code == 400
