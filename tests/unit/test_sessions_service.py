"""Sessions service: creation rules, join codes, access and the phase machine."""

import pytest
from sqlalchemy import select

from feedback_app.errors import Forbidden, NotFound, ValidationFailed, WrongPhase
from feedback_app.extensions import db
from feedback_app.models import SessionEvent
from feedback_app.services import events, phases
from feedback_app.services import sessions as service
from feedback_app.services.levels import list_levels, set_level_retired
from tests.factories import level_named, make_session, make_user


def test_join_codes_avoid_ambiguous_characters():
    codes = {service.generate_join_code() for _ in range(500)}
    assert all(len(code) == 6 for code in codes)
    assert not set("".join(codes)) & set("0O1IL")
    assert len(codes) > 490  # random, not a counter


def test_new_session_is_a_draft_with_a_unique_code_and_all_levels_invited(app):
    first = make_session()
    second = make_session()
    assert first.phase == "draft"
    assert first.join_code != second.join_code
    assert [level.name for level in first.contributing_levels] == [
        level.name for level in list_levels()
    ]


def test_contributing_levels_can_be_narrowed(app):
    supervisor = level_named("Supervisor")
    session = make_session(contributing_level_ids=[supervisor.id, supervisor.id])
    assert [level.id for level in session.contributing_levels] == [supervisor.id]


@pytest.mark.parametrize(
    ("fields", "bad_field"),
    [
        ({"title": "   "}, "title"),
        ({"title": "x" * 121}, "title"),
        ({"prompt": ""}, "prompt"),
        ({"prompt": "p" * 501}, "prompt"),
        ({"target_level_id": 9999}, "level_id"),
        ({"contributing_level_ids": [9999]}, "contributing_level_ids"),
        ({"voting_mode": "ranked-choice"}, "voting_mode"),
    ],
)
def test_invalid_sessions_are_refused_naming_the_field(app, fields, bad_field):
    with pytest.raises(ValidationFailed) as caught:
        make_session(**fields)
    assert bad_field in caught.value.fields


def test_retired_level_cannot_be_targeted(app):
    level = level_named("Executive")
    set_level_retired(level, True)
    with pytest.raises(ValidationFailed):
        make_session(target_level_id=level.id)


def test_find_by_code_ignores_case_spaces_and_dashes(app):
    session = make_session()
    code = session.join_code
    messy = f" {code[:3].lower()}-{code[3:]} "
    assert service.find_session_by_code(messy).id == session.id
    with pytest.raises(NotFound):
        service.find_session_by_code("ZZZZZZ" if code != "ZZZZZZ" else "YYYYYY")


def test_phase_machine_moves_forward_and_reopens_one_step_back(app):
    session = make_session()
    assert phases.allowed_phase_moves(session) == ("collecting",)
    for phase in ("collecting", "voting", "results", "closed", "results", "voting", "collecting"):
        session = phases.change_phase(session, phase)
        assert session.phase == phase


@pytest.mark.parametrize(
    ("start", "target"),
    [
        ("draft", "voting"),
        ("draft", "results"),
        ("collecting", "results"),
        ("collecting", "draft"),
        ("voting", "closed"),
        ("results", "results"),
    ],
)
def test_impossible_phase_moves_are_conflicts(app, start, target):
    session = make_session(phase=start)
    with pytest.raises(WrongPhase):
        phases.change_phase(session, target)
    assert service.get_session(session.id).phase == start


def test_unknown_phase_is_a_validation_error(app):
    with pytest.raises(ValidationFailed):
        phases.change_phase(make_session(), "brainstorming")


def test_phase_change_is_logged_and_published_after_commit(app):
    seen = []
    unsubscribe = events.broker().subscribe(seen.append)
    session = make_session()
    phases.change_phase(session, "collecting")
    unsubscribe()
    [message] = seen
    assert (message["name"], message["session_id"], message["seq"]) == ("phase", session.id, 1)
    assert (message["data"]["previous"], message["data"]["phase"]) == ("draft", "collecting")
    stored = db.session.scalars(select(SessionEvent)).all()
    assert [(e.session_id, e.seq, e.kind, e.data) for e in stored] == [
        (session.id, 1, "phase", message["data"])
    ]


def test_a_refused_phase_change_publishes_and_logs_nothing(app):
    seen = []
    unsubscribe = events.broker().subscribe(seen.append)
    with pytest.raises(WrongPhase):
        phases.change_phase(make_session(), "voting")
    unsubscribe()
    assert seen == []
    assert db.session.scalars(select(SessionEvent)).all() == []


def test_facilitators_see_and_run_only_their_own_sessions(app):
    owner, other = make_user("facilitator"), make_user("facilitator")
    manager, admin = make_user("manager"), make_user("admin")
    session = make_session(owner)
    assert service.can_manage_session(owner, session)
    assert not service.can_view_session(other, session)
    with pytest.raises(Forbidden):
        service.ensure_can_manage(other, session)
    assert service.can_view_session(manager, session)
    assert not service.can_manage_session(manager, session)
    assert service.can_manage_session(admin, session)


def test_dashboard_lists_counts_per_session(app):
    from tests.factories import add_ideas

    owner = make_user()
    busy = make_session(owner, phase="collecting", title="Busy")
    make_session(owner, title="Quiet")
    make_session(title="Someone else's")
    add_ideas(busy, "Greet every customer", "Call back within two days")
    summaries = service.sessions_for(owner)
    assert [(s.session.title, s.idea_count, s.participant_count) for s in summaries] == [
        ("Quiet", 0, 0),
        ("Busy", 2, 2),
    ]
