"""Mystery shopping: checklists from the published standard, filing once per key, one-time
links, and the scores per team, protocol stage, step and period."""

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from feedback_app.clock import utc_now
from feedback_app.errors import Conflict, Forbidden, NotFound, ValidationFailed
from feedback_app.extensions import db
from feedback_app.models import CandidateStandard, Visit, VisitAnswer, VisitChecklist
from feedback_app.services import decisions, standard_versions, visit_scores, visits
from tests.factories import make_location, make_user, publish_standard, reload

TODAY = utc_now().date()


def _count(model=Visit) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _report(team, checklist, values, **fields) -> dict:
    """A report scoring the checklist's items with the values, in order (None: left out)."""
    scores = {
        str(item.id): value
        for item, value in zip(checklist.items, values, strict=False)
        if value is not None
    }
    return {
        "team_id": team.id,
        "visited_on": TODAY.isoformat(),
        "channel": "in person",
        "scores": scores,
    } | fields


def test_without_a_published_standard_the_checklist_says_to_publish_one(app):
    with pytest.raises(Conflict) as refused:
        visits.current_checklist()
    assert refused.value.code == "no_published_standard"
    assert "Publish one first" in refused.value.message


def test_the_checklist_has_one_item_per_step_by_stage_and_old_reports_keep_theirs(app):
    manager = make_user("manager")
    publish_standard(manager)
    checklist = visits.current_checklist()
    assert [(i.stage_label, i.standard_title, i.text, i.scale) for i in checklist.items] == [
        ("Greet and listen", "Greeting", "Look up within ten seconds", "yes_partly_no"),
        ("Greet and listen", "Greeting", "Say hello and smile", "yes_partly_no"),
        ("Address the issue and test", "Resolving", "Repeat the problem back", "yes_partly_no"),
        ("Address the issue and test", "Resolving", "Check the fix works", "yes_partly_no"),
        (
            "Refunds and complaints",
            "Refunds",
            "Refunds: what staff do every time.",
            "yes_partly_no",
        ),
    ]
    assert visits.current_checklist().id == checklist.id  # made once, then reused
    shopper, team = make_user("shopper"), make_location("High Street")
    old, _ = visits.file_visit(shopper, _report(team, checklist, ["yes"]), "key-old-0001")
    greeting = db.session.scalar(select(CandidateStandard).filter_by(title="Greeting"))
    decisions.edit_candidate(greeting, manager, procedures=["Stand up", "Say hello"])
    standard_versions.publish(manager, "Stand up")
    newer = visits.current_checklist()
    assert newer.version_number == 2 and newer.items[0].text == "Stand up"
    assert reload(old).answers[0].item.text == "Look up within ten seconds"


def test_a_manager_chooses_the_scale_and_only_a_manager(app):
    manager = make_user("manager")
    publish_standard(manager)
    one_to_five = visits.generate_checklist(manager, "one_to_five")
    assert {item.scale for item in one_to_five.items} == {"one_to_five"}
    assert visits.current_checklist().id == one_to_five.id
    with pytest.raises(ValidationFailed):
        visits.generate_checklist(manager, "stars")
    for role in ("facilitator", "shopper"):
        with pytest.raises(Forbidden):
            visits.generate_checklist(make_user(role), "one_to_five")
    assert _count(VisitChecklist) == 1


def test_values_are_scored_on_the_item_scale():
    assert visits.score_of("yes_partly_no", "Partly") == ("partly", 0.5)
    assert visits.score_of("yes_partly_no", 1) is None
    assert visits.score_of("one_to_five", 4) == ("4", 0.75)
    assert visits.score_of("one_to_five", "5") == ("5", 1.0)
    assert visits.score_of("one_to_five", 6) is None
    assert visits.score_of("one_to_five", True) is None
    assert visits.score_of("one_to_five", "yes") is None
    assert visits.score_of("one_to_five", "²") is None  # a digit to str.isdigit, not to int


def test_a_report_is_filed_once_per_key_and_a_reused_key_is_refused(app):
    publish_standard()
    checklist = visits.current_checklist()
    shopper, team = make_user("shopper"), make_location()
    fields = _report(team, checklist, ["yes", "partly", None, "no"], notes=" Busy Saturday ")
    first, created = visits.file_visit(shopper, fields, "same-key-123")
    again, created_again = visits.file_visit(shopper, fields, "same-key-123")
    assert (created, created_again, again.id) == (True, False, first.id)
    assert _count() == 1
    stored = reload(first)
    assert [(a.value, a.score) for a in stored.answers] == [
        ("yes", 1.0),
        ("partly", 0.5),
        ("no", 0.0),
    ]
    assert (stored.notes, stored.shopper_id, stored.channel) == (
        "Busy Saturday",
        shopper.id,
        "in person",
    )
    assert visits.visit_score(stored) == pytest.approx(0.5)
    with pytest.raises(ValidationFailed) as reused:
        visits.file_visit(shopper, fields | {"channel": "phone"}, "same-key-123")
    assert reused.value.code == "idempotency_key_reused"
    with pytest.raises(ValidationFailed) as someone_else:
        visits.file_visit(make_user("shopper"), fields, "same-key-123")
    assert someone_else.value.code == "idempotency_key_reused"
    assert _count() == 1


def test_every_field_is_checked_and_named(app):
    publish_standard()
    checklist = visits.current_checklist()
    shopper, team = make_user("shopper"), make_location()
    retired = make_location("Closed shop", retired=True)
    item = str(checklist.items[0].id)
    cases = [
        ({"team_id": 999}, "team_id"),
        ({"team_id": retired.id}, "team_id"),
        ({"team_id": "1"}, "team_id"),
        ({"visited_on": (TODAY + timedelta(days=1)).isoformat()}, "visited_on"),
        ({"visited_on": "27/11/2026"}, "visited_on"),
        ({"channel": "fax"}, "channel"),
        ({"scores": {item: "maybe"}}, f"scores.{item}"),
        ({"scores": {item: 3}}, f"scores.{item}"),
        ({"scores": {"99999": "yes"}}, "scores.99999"),
        ({"scores": {"²": "yes"}}, "scores.²"),
        ({"scores": {}}, "scores"),
        ({"scores": ["yes"]}, "scores"),
        ({"notes": "x" * 2001}, "notes"),
        ({"item_notes": {item: "x" * 501}}, f"item_notes.{item}"),
        (
            {"item_notes": {str(checklist.items[1].id): "Not seen"}},
            f"item_notes.{checklist.items[1].id}",
        ),
    ]
    for change, field in cases:
        with pytest.raises(ValidationFailed) as refused:
            visits.file_visit(shopper, _report(team, checklist, ["yes"]) | change, "key-fields-1")
        assert field in refused.value.fields, (change, refused.value.fields)
    with pytest.raises(ValidationFailed) as bad_key:
        visits.file_visit(shopper, _report(team, checklist, ["yes"]), "short")
    assert "Idempotency-Key" in bad_key.value.fields
    assert _count() == 0


def test_items_of_an_older_checklist_still_file_but_never_mixed(app):
    manager = make_user("manager")
    publish_standard(manager)
    old = visits.current_checklist()
    new = visits.generate_checklist(manager, "one_to_five")
    shopper, team = make_user("shopper"), make_location()
    visit, _ = visits.file_visit(shopper, _report(team, old, ["yes"]), "old-checklist-1")
    assert visit.checklist_id == old.id
    mixed = _report(team, old, ["yes"])
    mixed["scores"][str(new.items[1].id)] = 5
    with pytest.raises(ValidationFailed) as refused:
        visits.file_visit(shopper, mixed, "mixed-lists-1")
    assert refused.value.fields["scores"].startswith("Score items of one checklist only")


def test_facilitators_file_nothing_and_shoppers_read_only_their_own(app):
    publish_standard()
    checklist = visits.current_checklist()
    team = make_location()
    with pytest.raises(Forbidden):
        visits.file_visit(make_user("facilitator"), _report(team, checklist, ["yes"]), "fac-key-01")
    mine, theirs = make_user("shopper"), make_user("shopper")
    own, _ = visits.file_visit(mine, _report(team, checklist, ["yes"]), "mine-key-01")
    other, _ = visits.file_visit(theirs, _report(team, checklist, ["no"]), "theirs-key-1")
    assert [v.id for v in visits.visits_for(mine)] == [own.id]
    assert {v.id for v in visits.visits_for(make_user("manager"))} == {own.id, other.id}
    with pytest.raises(NotFound):
        visits.visit_for(mine, other.id)
    with pytest.raises(Forbidden):
        visits.visits_for(make_user("facilitator"))


def test_a_one_time_link_files_one_report_then_never_again(app):
    publish_standard()
    checklist = visits.current_checklist()
    manager, team = make_user("manager"), make_location("Station kiosk")
    link, token = visits.issue_link(manager, label="Agency A", team_id=team.id, days=7)
    assert token not in reload(link).token_hash and len(link.token_hash) == 64
    found = visits.link_for_token(token)
    assert found.id == link.id
    with pytest.raises(ValidationFailed) as wrong_team:
        visits.file_visit(found, _report(make_location(), checklist, ["yes"]), "link-key-001")
    assert wrong_team.value.fields["team_id"] == "This link is for Station kiosk only."
    visit, created = visits.file_visit(found, _report(team, checklist, ["yes"]), "link-key-001")
    assert created and visit.link_id == link.id and visit.shopper_id is None
    replay, created = visits.file_visit(found, _report(team, checklist, ["yes"]), "link-key-001")
    assert (replay.id, created) == (visit.id, False)  # a resend after a timeout
    with pytest.raises(Conflict) as used:
        visits.link_for_token(token)
    assert used.value.code == "link_used"
    with pytest.raises(Conflict):
        visits.file_visit(found, _report(team, checklist, ["no"]), "link-key-002")
    with pytest.raises(NotFound):
        visits.link_for_token("vl_not-a-real-token")
    assert _count() == 1


def test_an_expired_link_files_nothing_and_links_are_checked(app):
    manager = make_user("manager")
    link, token = visits.issue_link(manager, days=1)
    link.expires_at = utc_now() - timedelta(seconds=1)
    db.session.commit()
    with pytest.raises(Conflict) as expired:
        visits.link_for_token(token)
    assert expired.value.code == "link_expired"
    for fields in ({"days": 0}, {"days": 91}, {"label": "x" * 121}, {"team_id": 404}):
        with pytest.raises(ValidationFailed):
            visits.issue_link(manager, **fields)
    with pytest.raises(Forbidden):
        visits.issue_link(make_user("shopper"))
    assert [item.id for item in visits.open_links()] == []


def _file(shopper, team, checklist, values, day: date, key: str):
    fields = _report(team, checklist, values, visited_on=day.isoformat())
    return visits.file_visit(shopper, fields, key)[0]


def test_scores_per_team_stage_step_and_trend(app):
    manager = make_user("manager")
    publish_standard(manager)
    checklist = visits.generate_checklist(manager, "one_to_five")
    shopper = make_user("shopper")
    north, south = make_location("North"), make_location("South")
    day = date(2026, 10, 5)
    _file(shopper, north, checklist, [5, 5, 1, 3], day, "north-1-key")  # 1, 1, 0, .5
    _file(
        shopper, north, checklist, [3, None, None, None, 1], day + timedelta(days=40), "north-2-key"
    )
    _file(shopper, south, checklist, [1], day + timedelta(days=1), "south-1-key")
    result = visit_scores.overview()
    assert [(f.label, round(f.score, 4), f.count) for f in result.teams] == [
        ("North", round((0.625 + 0.25) / 2, 4), 2),
        ("South", 0.0, 1),
    ]
    assert [(f.label, round(f.score, 4), f.count) for f in result.stages] == [
        ("Greet and listen", round((1 + 1 + 0.5 + 0) / 4, 4), 4),
        ("Address the issue and test", 0.25, 2),
        ("Refunds and complaints", 0.0, 1),
    ]
    assert [(f.label, f.score) for f in result.steps][:2] == [
        ("Look up within ten seconds", 0.5),
        ("Say hello and smile", 1.0),
    ]
    assert [(p.team_name, p.visited_on, p.score) for p in result.trend] == [
        ("North", day, 0.625),
        ("South", day + timedelta(days=1), 0.0),
        ("North", day + timedelta(days=40), 0.25),
    ]
    only_north = visit_scores.overview(team_id=north.id)
    assert [f.label for f in only_north.teams] == ["North"]


def test_stage_scores_per_period_for_objective_measurements(app):
    manager = make_user("manager")
    publish_standard(manager)
    checklist = visits.current_checklist()
    shopper, north = make_user("shopper"), make_location("North")
    _file(shopper, north, checklist, ["yes", "no"], date(2026, 10, 30), "period-key-1")
    _file(shopper, north, checklist, ["partly"], date(2026, 11, 2), "period-key-2")
    monthly = visit_scores.stage_scores(period="month")
    assert [
        (s.team_name, s.protocol_stage, s.period, s.score, s.answers, s.visits) for s in monthly
    ] == [
        ("North", "greet_listen", "2026-10", 0.5, 2, 1),
        ("North", "greet_listen", "2026-11", 0.5, 1, 1),
    ]
    quarterly = visit_scores.stage_scores(period="quarter", team_ids=[north.id])
    assert [(s.period, s.period_start, s.answers, s.visits) for s in quarterly] == [
        ("2026-Q4", date(2026, 10, 1), 3, 2)
    ]
    weekly = visit_scores.stage_scores(period="week", since=date(2026, 11, 1))
    assert [(s.period, s.period_start) for s in weekly] == [("2026-W45", date(2026, 11, 2))]
    assert visit_scores.stage_scores(team_ids=[make_location().id]) == []
    with pytest.raises(ValidationFailed):
        visit_scores.stage_scores(period="year")
    assert db.session.scalar(select(func.count()).select_from(VisitAnswer)) == 3
