"""Decisions on candidate standards, objectives and their suggestions, versions, the audit."""

from datetime import date

import pytest
from sqlalchemy import select

from feedback_app.errors import Conflict, Forbidden, NotFound, ValidationFailed
from feedback_app.extensions import db
from feedback_app.models import AuditEntry, CandidateStandard, StandardVersion
from feedback_app.services import audit, decisions, objectives, standard_versions
from feedback_app.services.duplicates import merge_ideas
from feedback_app.services.moderation import set_idea_status
from tests import factories
from tests.factories import add_ideas, make_candidate, make_session, make_user, move_to, reload

GREET = [
    "Greet every customer within ten seconds of reaching the counter",
    "Say hello to every customer within 10 seconds",
    "Greet customers at the counter with a smile",
]
REFUND = [
    "Let staff approve refunds up to $50 without a manager",
    "Refund faulty products up to fifty dollars on the spot",
]


def _objective(**overrides) -> dict:
    fields = {
        "metric": "Time to greet",
        "target": 10,
        "unit": "seconds",
        "measured_by": "Mystery shopper",
    }
    return fields | overrides


def _trail() -> list[tuple]:
    entries = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))
    return [(e.user_id, e.action, e.subject_type, e.subject_id) for e in entries]


def test_a_manager_adopts_with_a_reason_and_the_trail_says_who(app):
    manager = make_user("manager")
    standard = make_candidate(None, *GREET)
    decisions.decide(standard, "adopted", "  Customers notice it first  ", manager)
    stored = reload(standard)
    assert (stored.status, stored.decision_reason, stored.decided_by_id) == (
        "adopted",
        "Customers notice it first",
        manager.id,
    )
    assert stored.decided_at is not None
    assert _trail() == [(manager.id, "standard.decided", "standard", standard.id)]
    entry = db.session.scalar(select(AuditEntry))
    assert entry.details["previous"] == "candidate" and entry.details["decision"] == "adopted"


def test_decisions_are_checked(app):
    manager, facilitator = make_user("manager"), make_user("facilitator")
    standard = make_candidate(None, *GREET)
    with pytest.raises(Forbidden):
        decisions.decide(standard, "adopted", "why not", facilitator)
    with pytest.raises(ValidationFailed) as unknown:
        decisions.decide(standard, "approved", "why not", manager)
    assert "decision" in unknown.value.fields
    with pytest.raises(ValidationFailed) as no_reason:
        decisions.decide(standard, "parked", "   ", manager)
    assert "reason" in no_reason.value.fields
    decisions.decide(standard, "parked", "Later", manager)
    with pytest.raises(Conflict):
        decisions.decide(standard, "parked", "Again", manager)
    assert reload(standard).decision_reason == "Later"


def test_editing_records_only_the_fields_that_changed(app):
    manager = make_user("manager")
    standard = make_candidate(None, *GREET)
    decisions.edit_candidate(
        standard, manager, title="Greeting", statement=standard.statement, protocol_stage="other"
    )
    entry = db.session.scalar(select(AuditEntry))
    assert set(entry.details["changes"]) == {"title", "protocol_stage"}
    assert (reload(standard).title, reload(standard).protocol_stage) == ("Greeting", "other")
    with pytest.raises(ValidationFailed) as bad:
        decisions.edit_candidate(standard, manager, protocol_stage="lunch")
    assert "protocol_stage" in bad.value.fields
    with pytest.raises(ValidationFailed):
        decisions.edit_candidate(standard, manager, title="")


def test_merging_candidates_of_two_sessions_unites_ideas_and_objectives(app):
    manager = make_user("manager")
    keep = make_candidate(None, *GREET)
    other = make_candidate(None, *REFUND)
    objectives.add_objective(other, manager, **_objective(unit="dollars", target=50))
    decisions.merge_candidates(keep, other, manager)
    kept = reload(keep)
    assert len(kept.ideas) == 5 and [o.unit for o in kept.objectives] == ["dollars"]
    assert reload(other).merged_into_id == keep.id
    with pytest.raises(NotFound):
        decisions.get_candidate(other.id)
    assert [item.standard.id for item in decisions.all_candidates()] == [keep.id]
    with pytest.raises(ValidationFailed):
        decisions.merge_candidates(keep, keep, manager)
    assert _trail()[-1] == (manager.id, "standard.merged", "standard", keep.id)


def test_candidates_of_all_sessions_by_status(app):
    manager = make_user("manager")
    first, second = make_candidate(None, *GREET), make_candidate(None, *REFUND)
    decisions.decide(second, "rejected", "Too costly", manager)
    assert [i.standard.id for i in decisions.all_candidates()] == [first.id, second.id]
    assert [i.standard.id for i in decisions.all_candidates("rejected")] == [second.id]
    assert decisions.all_candidates("adopted") == []


def test_objectives_are_validated_edited_and_removed(app):
    manager = make_user("manager")
    standard = make_candidate(None, *GREET)
    with pytest.raises(ValidationFailed) as bad:
        objectives.add_objective(
            standard, manager, **_objective(metric=" ", target=-1, review_date="2027-01-01")
        )
    assert set(bad.value.fields) == {"metric", "target", "review_date"}
    with pytest.raises(ValidationFailed):
        objectives.add_objective(standard, manager, **_objective(target=True))
    objective = objectives.add_objective(
        standard, manager, **_objective(owner_team="Front desk", review_date=date(2027, 1, 1))
    )
    objectives.edit_objective(objective, manager, **_objective(target=8))
    assert reload(objective).target == 8.0 and reload(objective).owner_team is None
    objectives.remove_objective(objective, manager)
    assert reload(standard).objectives == []
    assert [a for _, a, _, _ in _trail()] == [
        "objective.added",
        "objective.edited",
        "objective.removed",
    ]


def test_suggestions_come_from_numbers_in_the_ideas_and_leave_once_taken(app):
    manager = make_user("manager")
    standard = make_candidate(None, *GREET, *REFUND)
    suggestions = objectives.objective_suggestions(standard)
    assert [(s.target, s.unit) for s in suggestions] == [(10.0, "seconds"), (50.0, "dollars")]
    seconds = suggestions[0]
    assert seconds.metric.startswith("Time to ") and seconds.idea_text in GREET
    money = suggestions[1]
    assert money.metric == "Amount up to which staff may approve refunds"
    objectives.add_objective(
        standard,
        manager,
        metric=seconds.metric,
        target=seconds.target,
        unit=seconds.unit,
        measured_by=seconds.measured_by,
    )
    left = objectives.objective_suggestions(reload(standard))
    assert [(s.target, s.unit) for s in left] == [(50.0, "dollars")]


def _adopt_with_objective(standard, manager, **fields):
    decisions.decide(standard, "adopted", "Agreed", manager)
    objectives.add_objective(standard, manager, **_objective(**fields))


def test_publishing_needs_adopted_items_with_objectives(app):
    manager = make_user("manager")
    standard = make_candidate(None, *GREET)
    with pytest.raises(Conflict) as nothing:
        standard_versions.publish(manager, "First")
    assert nothing.value.code == "nothing_adopted"
    decisions.decide(standard, "adopted", "Agreed", manager)
    with pytest.raises(Conflict) as lacking:
        standard_versions.publish(manager, "First")
    assert lacking.value.code == "objective_missing"
    with pytest.raises(ValidationFailed):
        standard_versions.publish(manager, "")
    with pytest.raises(Forbidden):
        standard_versions.publish(make_user("facilitator"), "First")
    assert db.session.scalar(select(StandardVersion)) is None


def test_versions_snapshot_by_stage_and_log_changes(app):
    manager = make_user("manager")
    greet = make_candidate(None, *GREET)
    refund = make_candidate(None, *REFUND)
    decisions.edit_candidate(greet, manager, protocol_stage="greet_listen")
    decisions.edit_candidate(refund, manager, protocol_stage="refunds_complaints")
    _adopt_with_objective(greet, manager)
    first = standard_versions.publish(manager, "First standard")
    assert first.number == 1
    assert [g["key"] for g in first.content["groups"]] == ["greet_listen"]
    assert first.changes == {
        "added": [{"id": greet.id, "title": greet.title}],
        "removed": [],
        "changed": [],
    }
    with pytest.raises(Conflict) as same:
        standard_versions.publish(manager, "Nothing new")
    assert same.value.code == "unchanged"
    _adopt_with_objective(refund, manager, metric="Refund limit", target=50, unit="dollars")
    decisions.edit_candidate(greet, manager, statement="Staff greet every customer.")
    second = standard_versions.publish(manager, "Refunds too")
    assert [g["key"] for g in second.content["groups"]] == ["greet_listen", "other_areas"]
    assert second.content["groups"][1]["items"][0]["stage_label"] == "Refunds and complaints"
    assert second.changes["added"] == [{"id": refund.id, "title": refund.title}]
    assert second.changes["changed"] == [
        {"id": greet.id, "title": greet.title, "fields": ["statement"]}
    ]
    decisions.decide(refund, "parked", "Legal review", manager)
    third = standard_versions.publish(manager, "Refunds parked")
    assert third.changes["removed"] == [{"id": refund.id, "title": refund.title}]
    assert standard_versions.current_version().number == 3
    assert standard_versions.version_by_number(1).content == reload(first).content
    with pytest.raises(NotFound):
        standard_versions.version_by_number(9)
    assert [v.number for v in standard_versions.all_versions()] == [3, 2, 1]


def test_handbook_visibility_is_an_admin_setting(app):
    admin = make_user("admin")
    assert standard_versions.handbook_public() is False
    with pytest.raises(Forbidden):
        standard_versions.set_handbook_public(True, make_user("manager"))
    standard_versions.set_handbook_public(True, admin)
    assert standard_versions.handbook_public() is True
    assert _trail() == [(admin.id, "handbook.visibility", "setting", None)]


def test_moderation_after_the_vote_is_audited_but_not_before(app):
    facilitator = make_user("facilitator")
    session = make_session(facilitator, phase="collecting")
    first, second, third = add_ideas(session, "Greet people", "Greet everyone", "Smile")
    set_idea_status(first, "hidden", actor=facilitator)  # while collecting: not audited
    move_to(session, "results")
    set_idea_status(first, "visible", actor=facilitator)
    merge_ideas(second, third, actor=facilitator)
    assert _trail() == [
        (facilitator.id, "idea.status", "idea", first.id),
        (facilitator.id, "idea.merged", "idea", second.id),
    ]
    entries = list(db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)))
    assert entries[1].details == {
        "session_id": session.id,
        "merged_idea_id": third.id,
        "phase": "results",
    }
    # No participant anywhere in the trail.
    assert all("participant" not in str(entry.details) for entry in entries)


def test_audit_pages_newest_first(app):
    manager = make_user("manager")
    standard = make_candidate(None, *GREET)
    for stage in ("other", "greet_listen", "other"):
        decisions.edit_candidate(standard, manager, protocol_stage=stage)
    page = audit.audit_page(page=1, per_page=2)
    assert (page.total, page.pages, len(page.entries)) == (3, 2, 2)
    ids = [e.id for e in page.entries] + [e.id for e in audit.audit_page(2, 2).entries]
    assert ids == sorted(ids, reverse=True)
    assert db.session.get(CandidateStandard, standard.id).protocol_stage == "other"
    assert factories.reload(standard).status == "candidate"


def test_procedures_are_drafted_from_the_theme_and_edited_step_by_step(app):
    manager = make_user("manager")
    greet = make_candidate(None, *GREET)
    drafted = reload(greet).steps
    assert 1 <= len(drafted) <= 3  # the theme's other ideas, as first steps
    assert all(step[0].isupper() and step.endswith(".") for step in drafted)
    steps = "  Look up from the till\n\nSay hello within ten seconds  \nOffer help  "
    decisions.edit_candidate(greet, manager, procedures=steps)
    assert reload(greet).steps == [
        "Look up from the till",
        "Say hello within ten seconds",
        "Offer help",
    ]
    entry = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert list(entry.details["changes"]) == ["procedures"]
    for bad in (["x" * 301], [f"Step {n}" for n in range(13)], 7):
        with pytest.raises(ValidationFailed) as refused:
            decisions.edit_candidate(greet, manager, procedures=bad)
        assert "procedures" in refused.value.fields
    assert len(reload(greet).steps) == 3


def test_a_version_carries_the_procedures_and_logs_their_change(app):
    manager = make_user("manager")
    greet = make_candidate(None, *GREET)
    decisions.edit_candidate(greet, manager, procedures=["Look up", "Say hello"])
    _adopt_with_objective(greet, manager)
    first = standard_versions.publish(manager, "First")
    assert first.content["groups"][0]["items"][0]["procedures"] == ["Look up", "Say hello"]
    decisions.edit_candidate(greet, manager, procedures=["Look up", "Say hello", "Offer help"])
    second = standard_versions.publish(manager, "A third step")
    assert second.changes["changed"] == [
        {"id": greet.id, "title": greet.title, "fields": ["procedures"]}
    ]
