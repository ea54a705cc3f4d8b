"""Teams: admin edits, the rotatable link, delegation and proposals in the standing session."""

import threading
from datetime import date

import pytest
from sqlalchemy import func, select

from feedback_app.errors import Conflict, NotFound, ValidationFailed
from feedback_app.extensions import db
from feedback_app.models import BrainstormSession, Idea, Participant, Team
from feedback_app.services import measurements, objectives, phases, team_links, teams
from feedback_app.services.decisions import decide
from feedback_app.services.delegation import delegated_items
from feedback_app.services.objective_results import latest_result
from tests.factories import make_candidate, make_team, make_user, reload

OBJECTIVE = {
    "metric": "Time to greet",
    "target": 10,
    "unit": "seconds",
    "measured_by": "Spot checks",
}


def test_a_team_link_opens_its_team_until_it_is_rotated(app):
    made = make_team("Leeds shop")
    assert team_links.team_for_link(made.token).id == made.team.id
    assert made.token not in made.team.link_token_hash
    rotated = team_links.rotate_link(make_user("admin"), made.team)
    with pytest.raises(NotFound):
        team_links.team_for_link(made.token)
    assert team_links.team_for_link(rotated.token).id == made.team.id


def test_a_retired_team_link_is_unknown(app):
    made = make_team()
    teams.set_team_retired(make_user("admin"), made.team, True)
    with pytest.raises(NotFound):
        team_links.team_for_link(made.token)
    assert teams.list_teams() == []


def test_names_are_unique_whatever_the_case_and_spacing(app):
    admin = make_user("admin")
    make_team("Call centre, floor 2", admin)
    with pytest.raises(Conflict):
        team_links.create_team_with_link(admin, "  call centre,   FLOOR 2 ")
    other = make_team("York", admin).team
    with pytest.raises(Conflict):
        teams.update_team(admin, other, "Call centre, floor 2", "")
    teams.update_team(admin, other, "York station", "By the station")
    assert (reload(other).name, reload(other).description) == ("York station", "By the station")


@pytest.mark.parametrize("name", ["", " ", "x", "y" * 121])
def test_a_team_name_needs_two_to_120_characters(app, name):
    with pytest.raises(ValidationFailed) as raised:
        team_links.create_team_with_link(make_user("admin"), name)
    assert "name" in raised.value.fields


def test_a_proposal_lands_as_an_idea_without_participant_in_the_standing_session(app):
    admin = make_user("admin")
    team = make_team("Leeds shop", admin).team
    idea = team_links.propose_change(team, "Raise the greeting target to 15 seconds at peak")
    session = db.session.get(BrainstormSession, reload(team).standing_session_id)
    assert (session.title, session.phase, session.owner_id) == (
        "Proposals from Leeds shop",
        "collecting",
        admin.id,
    )
    assert session.target_level.name == "Front-line staff"
    assert (idea.session_id, idea.participant_id) == (session.id, None)
    assert (
        db.session.scalars(select(Participant).where(Participant.session_id == session.id)).all()
        == []
    )
    second = team_links.propose_change(team, "Put a bell on the counter")
    assert second.session_id == session.id


def test_a_new_standing_session_is_made_when_the_old_one_moved_on(app):
    team = make_team().team
    first = team_links.propose_change(team, "A first proposal").session_id
    phases.change_phase(db.session.get(BrainstormSession, first), "voting")
    later = team_links.propose_change(team, "A later proposal").session_id
    assert later != first
    assert db.session.get(BrainstormSession, later).phase == "collecting"


def test_a_bad_proposal_makes_no_session(app):
    team = make_team().team
    with pytest.raises(ValidationFailed):
        team_links.propose_change(team, "  ")
    assert reload(team).standing_session_id is None
    assert db.session.scalars(select(Idea)).all() == []


def test_two_first_proposals_at_once_share_one_standing_session(app):
    """Two members send the team's first proposals at the same moment, each request with its
    own database session: one standing session is made and kept, holding both proposals."""
    team_id = make_team("Leeds shop").team.id
    texts = ("Greet every customer within ten seconds", "Offer a seat to anyone waiting")
    barrier, landed, errors = threading.Barrier(len(texts)), [], []

    def propose(text: str) -> None:
        with app.app_context():
            try:
                team = db.session.get(Team, team_id)
                barrier.wait(10)
                landed.append(team_links.propose_change(team, text).session_id)
            except Exception as error:  # surfaced by the assertions below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=propose, args=(text,)) for text in texts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert errors == []
    db.session.expire_all()
    standing_id = db.session.get(Team, team_id).standing_session_id
    assert landed == [standing_id, standing_id]
    assert db.session.scalar(select(func.count(BrainstormSession.id))) == 1
    stored = db.session.scalars(select(Idea.text).where(Idea.session_id == standing_id))
    assert sorted(stored) == sorted(texts)


def test_the_first_admin_owns_the_session_when_the_creator_is_no_admin_any_more(app):
    first_admin = make_user("admin")
    creator = make_user("admin")
    team = make_team("York", creator).team
    creator.role = "manager"
    db.session.commit()
    session_id = team_links.propose_change(team, "Open the second till at noon").session_id
    assert db.session.get(BrainstormSession, session_id).owner_id == first_admin.id


def test_delegated_items_are_adopted_standards_with_objectives_the_team_owns(app):
    manager = make_user("manager")
    team = make_team("Leeds shop").team
    other = make_team("York").team
    adopted = make_candidate(
        manager, "Greet every customer within ten seconds", "Say hello at the door"
    )
    objectives.add_objective(adopted, manager, owner_team_id=team.id, **OBJECTIVE)
    objectives.add_objective(adopted, manager, owner_team_id=other.id, **OBJECTIVE)
    decide(adopted, "adopted", "Customers notice", manager)
    undecided = make_candidate(
        manager, "Refund up to fifty pounds without asking", "Refunds without a manager"
    )
    objectives.add_objective(undecided, manager, owner_team_id=team.id, **OBJECTIVE)
    [item] = delegated_items(team)
    assert item.standard.id == adopted.id
    [delegated] = item.objectives
    assert (delegated.objective.owner_team_id, delegated.result) == (team.id, None)


def test_an_unknown_owner_team_is_refused(app):
    manager = make_user("manager")
    standard = make_candidate(
        manager, "Greet every customer within ten seconds", "Say hello at the door"
    )
    with pytest.raises(ValidationFailed) as raised:
        objectives.add_objective(standard, manager, owner_team_id=999, **OBJECTIVE)
    assert raised.value.fields == {"owner_team_id": "Unknown team."}


def test_a_team_reads_its_own_latest_month_else_the_organisations(app):
    manager = make_user("manager")
    standard = make_candidate(
        manager, "Greet every customer within ten seconds", "Say hello at the door"
    )
    objective = objectives.add_objective(standard, manager, **OBJECTIVE)
    north, south = make_team("North shop").team, make_team("South shop").team
    assert latest_result(objective, north) is None
    today = date.today()
    measurements.record_measurement(
        objective, manager, value=12, measured_on=today, source="Spot check"
    )
    measurements.record_measurement(
        objective, manager, value=8, measured_on=today, source="Spot", team_id=north.id
    )
    mine = latest_result(objective, north)
    assert (mine.value, mine.measured_for, mine.status) == (8, "your team", "on_track")
    everyone = latest_result(objective, south)
    assert (everyone.value, everyone.measured_for) == (10, "the whole organisation")
