"""Measured objectives: status against the target in either direction, monthly trend, teams,
validation of what a manager records, and the next session for a missed target."""

from datetime import date, timedelta

import pytest

from feedback_app.errors import Forbidden, ValidationFailed
from feedback_app.extensions import db
from feedback_app.models import AuditEntry, CandidateStandard, Team
from feedback_app.services import decisions, measurements, objectives
from tests.factories import level_named, make_candidate, make_session, make_user

GREET = (
    "Greet every customer within ten seconds",
    "Say hello to customers as soon as they come in",
    "Greet customers at the counter with a smile",
)


@pytest.fixture
def manager(app):
    return make_user("manager")


def _objective(manager, direction=None, target=10.0, unit="seconds", review_date=None):
    session = make_session(phase="collecting", target_level_id=level_named("Supervisor").id)
    standard = make_candidate(None, *GREET, session=session)
    decisions.decide(standard, "adopted", "Customers notice it", manager)
    return objectives.add_objective(
        standard,
        manager,
        metric="Time to greet",
        target=target,
        unit=unit,
        measured_by="Timed spot checks",
        direction=direction,
        review_date=review_date,
    )


def _measure(objective, manager, value, on, team=None):
    return measurements.record_measurement(
        objective,
        manager,
        value=value,
        measured_on=on,
        source="Spot check",
        team_id=team.id if team else None,
    )


def test_times_are_met_from_below_and_shares_from_above(manager):
    assert _objective(manager).direction == "at_most"
    assert _objective(manager, unit="percent", target=90).direction == "at_least"
    assert _objective(manager, direction="at_least").direction == "at_least"


@pytest.mark.parametrize(
    ("direction", "value", "status"),
    [
        ("at_most", 9.0, "on_track"),
        ("at_most", 10.0, "on_track"),
        ("at_most", 11.0, "at_risk"),
        ("at_most", 12.0, "missed"),
        ("at_least", 10.5, "on_track"),
        ("at_least", 9.0, "at_risk"),
        ("at_least", 8.0, "missed"),
    ],
)
def test_status_reads_the_target_in_its_direction(manager, direction, value, status):
    objective = _objective(manager, direction=direction)
    _measure(objective, manager, value, date.today())
    assert measurements.progress(objective).status == status


def test_short_of_the_target_after_the_review_date_is_missed(manager):
    objective = _objective(manager, review_date=date.today() - timedelta(days=1))
    _measure(objective, manager, 10.5, date.today())
    assert measurements.progress(objective).status == "missed"


def test_nothing_measured_is_said_so(manager):
    item = measurements.progress(_objective(manager))
    assert (item.status, item.current, item.trend) == ("not_measured", None, [])


def _months_back(count: int) -> date:
    """The first day of the month `count` months before this one."""
    first = date.today().replace(day=1)
    for _ in range(count):
        first = (first - timedelta(days=1)).replace(day=1)
    return first


def test_the_trend_is_the_mean_of_each_month_and_now_is_the_latest(manager):
    objective = _objective(manager)
    two_ago, last, this = _months_back(2), _months_back(1), _months_back(0)
    _measure(objective, manager, 20, two_ago + timedelta(days=2))
    _measure(objective, manager, 14, last)
    _measure(objective, manager, 12, last + timedelta(days=20))
    _measure(objective, manager, 9, this)
    item = measurements.progress(objective)
    assert [(p.month, p.value, p.count) for p in item.trend] == [
        (two_ago, 20, 1),
        (last, 13, 2),
        (this, 9, 1),
    ]
    assert (item.current, item.month, item.status) == (9, this, "on_track")


def test_each_team_is_judged_on_its_own_latest_month(manager):
    objective = _objective(manager)
    north = Team(name="North shop")
    south = Team(name="South call centre")
    db.session.add_all([north, south])
    db.session.commit()
    _measure(objective, manager, 8, date.today(), north)
    _measure(objective, manager, 15, date.today(), south)
    teams = {r.team.name: (r.current, r.status) for r in measurements.progress(objective).teams}
    assert teams == {"North shop": (8, "on_track"), "South call centre": (15, "missed")}


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        ({"value": float("nan")}, "value"),
        ({"value": True}, "value"),
        ({"value": "12"}, "value"),
        ({"measured_on": date.today() + timedelta(days=1)}, "measured_on"),
        ({"source": "   "}, "source"),
        ({"source": "x" * 201}, "source"),
        ({"team_id": 999_999}, "team_id"),
    ],
)
def test_bad_measurements_are_refused_field_by_field_and_store_nothing(manager, fields, bad):
    objective = _objective(manager)
    data = {"value": 9.0, "measured_on": date.today(), "source": "Spot check"} | fields
    with pytest.raises(ValidationFailed) as refused:
        measurements.record_measurement(objective, manager, **data)
    assert bad in refused.value.fields
    db.session.rollback()
    assert measurements.progress(objective).trend == []


def test_only_managers_and_admins_record_and_it_is_audited(manager):
    objective = _objective(manager)
    with pytest.raises(Forbidden):
        _measure(objective, make_user("facilitator"), 9, date.today())
    _measure(objective, manager, 9, date.today())
    entry = db.session.query(AuditEntry).filter_by(action="objective.measured").one()
    assert (entry.user_id, entry.details["value"]) == (manager.id, 9.0)


def test_a_missed_target_becomes_a_draft_session_at_the_standards_level(manager):
    objective = _objective(manager)
    _measure(objective, manager, 25, date.today())
    session = measurements.session_for_missed_target(objective, manager)
    assert session.phase == "draft"
    assert session.owner_id == manager.id
    assert session.target_level.name == "Supervisor"
    assert "Time to greet" in session.prompt
    assert "10 seconds" in session.prompt and "25 seconds" in session.prompt
    assert objective.standard.title in session.title


def test_the_dashboard_lists_only_adopted_standards_objectives(manager):
    adopted = _objective(manager)
    undecided = make_candidate(None, "Call back within a day", "Phone back the next day")
    objectives.add_objective(
        undecided, manager, metric="Callback", target=1, unit="days", measured_by="Log"
    )
    assert [item.objective.id for item in measurements.dashboard()] == [adopted.id]


def test_an_objective_measured_from_mystery_shopping_reads_the_shoppers_scores(manager):
    from feedback_app.services import visits
    from tests.factories import make_location, publish_standard

    publish_standard(manager)
    checklist = visits.current_checklist()
    greeting = [item for item in checklist.items if item.standard_title == "Greeting"]
    objective = objectives.add_objective(
        db.session.get(CandidateStandard, greeting[0].standard_id),
        manager,
        metric="Greeting steps done",
        target=90,
        unit="percent",
        measured_by="Mystery shopping",
        measured_from="mystery_shopping",
    )
    north, south = make_location("North shop"), make_location("South shop")
    for team, values, key in (
        (north, ("yes", "yes"), "visit-north"),
        (south, ("yes", "no"), "visit-south"),
    ):
        report = {
            "team_id": team.id,
            "visited_on": date.today().isoformat(),
            "channel": "in person",
            "scores": {str(item.id): value for item, value in zip(greeting, values, strict=True)},
        }
        visits.file_visit(make_user("shopper"), report, key)
    item = measurements.progress(objective)
    assert item.current == 75  # (100 + 100 + 100 + 0) / 4
    assert item.status == "missed"
    assert {r.team.name: r.current for r in item.teams} == {"North shop": 100, "South shop": 50}


def test_mystery_shopping_objectives_are_in_percent(manager):
    standard = _objective(manager).standard
    with pytest.raises(ValidationFailed) as refused:
        objectives.add_objective(
            standard,
            manager,
            metric="Greeting steps done",
            target=90,
            unit="seconds",
            measured_by="Mystery shopping",
            measured_from="mystery_shopping",
        )
    assert "percent" in refused.value.fields["unit"]
