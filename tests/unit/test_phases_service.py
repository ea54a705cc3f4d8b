"""Phases service: timers, their presets, and deadlines that move a session on by themselves."""

import threading
from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from feedback_app import messages
from feedback_app.clock import utc_now
from feedback_app.errors import ValidationFailed, WrongPhase
from feedback_app.extensions import db
from feedback_app.models import BrainstormSession, Idea, SessionEvent, Vote
from feedback_app.services import events, phases
from feedback_app.services.ideas import add_idea
from feedback_app.services.voting import cast_vote
from tests.clocks import freeze
from tests.factories import add_ideas, join, make_session, move_to, reload

NOW = datetime(2026, 11, 27, 9, 30, 0)
WAIT_S = 20


@pytest.fixture
def clock(monkeypatch):
    return freeze(monkeypatch, NOW)


def phase_events(session) -> list[tuple[int, str, str, dict]]:
    """The session's stored phase changes, in order."""
    return [event for event in logged(session) if event[1] == "phase"]


def logged(session) -> list[tuple[int, str, str, dict]]:
    """(seq, kind, audience, data) of the session's stored events, in order."""
    db.session.expire_all()
    query = select(SessionEvent).where(SessionEvent.session_id == session.id)
    return [
        (e.seq, e.kind, e.audience, e.data)
        for e in db.session.scalars(query.order_by(SessionEvent.seq))
    ]


def timer(running: bool, seconds_left, deadline: datetime | None, now: datetime) -> dict:
    """A timer as the pages receive it."""
    return {
        "running": running,
        "seconds_left": seconds_left,
        "deadline": deadline.isoformat(timespec="seconds") + "Z" if deadline else None,
        "server_now": now.isoformat(timespec="seconds") + "Z",
    }


def expire(session) -> None:
    """Let the session's phase deadline pass, as if its minutes ran out."""
    stored = reload(session)
    stored.phase_deadline = utc_now() - timedelta(seconds=1)
    db.session.commit()


def timer_row(session) -> tuple[str, datetime | None, int | None]:
    stored = reload(session)
    return stored.phase, stored.phase_deadline, stored.timer_remaining


# Preset timers


def test_entering_a_phase_starts_its_preset_timer_and_results_end_it(app, clock):
    session = make_session(collecting_minutes=5, voting_minutes=3)
    assert timer_row(session) == ("draft", None, None)

    phases.change_phase(session, "collecting")
    assert timer_row(session) == ("collecting", NOW + timedelta(minutes=5), None)
    clock.advance(60)
    phases.change_phase(session, "voting")
    voting_ends = clock.now + timedelta(minutes=3)
    assert timer_row(session) == ("voting", voting_ends, None)
    clock.advance(60)
    phases.change_phase(session, "results")
    assert timer_row(session) == ("results", None, None)

    assert logged(session) == [
        (
            1,
            "phase",
            "all",
            {
                "phase": "collecting",
                "previous": "draft",
                "timer": timer(True, 300, NOW + timedelta(minutes=5), NOW),
            },
        ),
        (
            2,
            "phase",
            "all",
            {
                "phase": "voting",
                "previous": "collecting",
                "timer": timer(True, 180, voting_ends, NOW + timedelta(seconds=60)),
            },
        ),
        (3, "joining", "all", {"open": False}),  # voting closes joining by default
        (
            4,
            "phase",
            "all",
            {
                "phase": "results",
                "previous": "voting",
                "timer": timer(False, None, None, NOW + timedelta(seconds=120)),
            },
        ),
    ]


def test_reopening_collecting_starts_its_preset_again(app, clock):
    session = make_session(phase="voting", collecting_minutes=4)
    assert timer_row(session) == ("voting", None, None)
    clock.advance(30)
    phases.change_phase(session, "collecting")
    assert timer_row(session) == ("collecting", NOW + timedelta(seconds=30, minutes=4), None)


def test_a_session_without_presets_runs_its_phases_untimed(app, clock):
    session = make_session(phase="voting")
    assert timer_row(session) == ("voting", None, None)
    assert [data["timer"] for _, _, _, data in phase_events(session)] == [
        timer(False, None, None, NOW),
        timer(False, None, None, NOW),
    ]


def test_a_phase_left_with_a_paused_timer_starts_clean(app, clock):
    session = make_session(phase="collecting")
    phases.start_timer(session, 2)
    phases.pause_timer(session)
    assert timer_row(session) == ("collecting", None, 120)
    phases.change_phase(session, "voting")
    assert timer_row(session) == ("voting", None, None)


@pytest.mark.parametrize(
    ("field", "minutes"),
    [("collecting_minutes", 0), ("collecting_minutes", 121), ("voting_minutes", -1)],
)
def test_preset_minutes_outside_1_to_120_are_refused_at_creation(app, field, minutes):
    with pytest.raises(ValidationFailed) as caught:
        make_session(**{field: minutes})
    assert caught.value.fields == {field: "A timer runs from 1 to 120 minutes."}
    assert db.session.scalar(select(func.count(BrainstormSession.id))) == 0


def test_presets_of_1_and_120_minutes_are_kept(app):
    session = make_session(collecting_minutes=1, voting_minutes=120)
    stored = reload(session)
    assert (stored.collecting_minutes, stored.voting_minutes) == (1, 120)


# Timer controls


def test_starting_a_timer_runs_the_phase_for_that_many_minutes(app, clock):
    session = make_session(phase="collecting")
    seen = []
    unsubscribe = events.broker().subscribe(seen.append)
    phases.start_timer(session, 10)
    unsubscribe()
    deadline = NOW + timedelta(minutes=10)
    assert timer_row(session) == ("collecting", deadline, None)
    expected = timer(True, 600, deadline, NOW)
    assert logged(session)[-1] == (2, "timer", "all", expected)
    assert seen == [
        {"session_id": session.id, "seq": 2, "name": "timer", "audience": "all", "data": expected}
    ]


def test_starting_again_replaces_a_running_or_paused_timer(app, clock):
    session = make_session(phase="voting")
    phases.start_timer(session, 10)
    clock.advance(100)
    phases.start_timer(session, 2)
    assert timer_row(session) == ("voting", NOW + timedelta(seconds=100, minutes=2), None)
    phases.pause_timer(session)
    phases.start_timer(session, 1)
    assert timer_row(session) == ("voting", NOW + timedelta(seconds=100, minutes=1), None)


def test_pausing_keeps_the_seconds_left_and_resuming_counts_down_from_them(app, clock):
    session = make_session(phase="collecting")
    phases.start_timer(session, 2)
    clock.advance(29.6)
    phases.pause_timer(session)
    assert timer_row(session) == ("collecting", None, 90)
    assert logged(session)[-1] == (3, "timer", "all", timer(False, 90, None, clock.now))

    clock.advance(1000)  # a paused clock does not run out
    assert phases.advance_expired_phases() == 0
    phases.resume_timer(session)
    deadline = clock.now + timedelta(seconds=90)
    assert timer_row(session) == ("collecting", deadline, None)
    assert logged(session)[-1] == (4, "timer", "all", timer(True, 90, deadline, clock.now))


def test_pausing_in_the_last_fraction_of_a_second_keeps_one_second(app, clock):
    session = make_session(phase="collecting")
    phases.start_timer(session, 1)
    clock.advance(59.9)
    phases.pause_timer(session)
    assert timer_row(session) == ("collecting", None, 1)


def test_pause_and_resume_without_a_timer_change_nothing(app, clock):
    session = make_session(phase="collecting")
    phases.pause_timer(session)
    phases.resume_timer(session)
    assert timer_row(session) == ("collecting", None, None)


def test_extending_adds_one_minute_to_a_running_or_paused_timer(app, clock):
    session = make_session(phase="voting")
    phases.start_timer(session, 3)
    clock.advance(10)
    phases.extend_timer(session)
    assert timer_row(session) == ("voting", NOW + timedelta(minutes=4), None)
    assert logged(session)[-1][1:3] == ("timer", "all")
    assert logged(session)[-1][3]["seconds_left"] == 230

    phases.pause_timer(session)
    assert timer_row(session) == ("voting", None, 230)
    phases.extend_timer(session)
    assert timer_row(session) == ("voting", None, 290)


def test_extending_with_no_timer_is_a_conflict_that_logs_nothing(app, clock):
    session = make_session(phase="collecting")
    before = logged(session)
    with pytest.raises(WrongPhase) as caught:
        phases.extend_timer(session)
    assert caught.value.message == messages.TIMER_NOT_RUNNING
    assert caught.value.status == 409
    db.session.rollback()
    assert logged(session) == before
    assert timer_row(session) == ("collecting", None, None)


def test_stopping_lets_the_phase_run_until_the_facilitator_moves_it(app, clock):
    session = make_session(phase="collecting", collecting_minutes=5)
    assert timer_row(session) == ("collecting", NOW + timedelta(minutes=5), None)
    phases.stop_timer(session)
    assert timer_row(session) == ("collecting", None, None)
    assert logged(session)[-1] == (2, "timer", "all", timer(False, None, None, NOW))
    phases.start_timer(session, 1)
    phases.pause_timer(session)
    phases.stop_timer(session)
    assert timer_row(session) == ("collecting", None, None)


@pytest.mark.parametrize("phase", ["draft", "results", "closed"])
@pytest.mark.parametrize(
    "control",
    [
        lambda s: phases.start_timer(s, 5),
        phases.pause_timer,
        phases.resume_timer,
        phases.extend_timer,
        phases.stop_timer,
    ],
    ids=["start", "pause", "resume", "extend", "stop"],
)
def test_timers_run_only_while_collecting_or_voting(app, clock, phase, control):
    session = make_session(phase=phase)
    before = logged(session)
    with pytest.raises(WrongPhase) as caught:
        control(session)
    assert caught.value.message == "Only the collecting and voting phases can run on a timer."
    assert logged(session) == before
    assert timer_row(session) == (phase, None, None)


@pytest.mark.parametrize("minutes", [0, -3, 121])
def test_a_timer_runs_from_1_to_120_minutes(app, clock, minutes):
    session = make_session(phase="collecting")
    with pytest.raises(ValidationFailed) as caught:
        phases.start_timer(session, minutes)
    assert caught.value.fields == {"minutes": "A timer runs from 1 to 120 minutes."}
    assert timer_row(session) == ("collecting", None, None)
    phases.start_timer(session, 120)
    assert timer_row(session) == ("collecting", NOW + timedelta(minutes=120), None)


# Skipping


def test_skip_ends_the_phase_now_and_enters_the_next_with_its_preset(app, clock):
    session = make_session(phase="collecting", collecting_minutes=5, voting_minutes=2)
    phases.skip_phase(session)
    assert timer_row(session) == ("voting", NOW + timedelta(minutes=2), None)
    phases.skip_phase(session)
    assert timer_row(session) == ("results", None, None)
    assert [(data["previous"], data["phase"]) for *_, data in phase_events(session)] == [
        ("draft", "collecting"),
        ("collecting", "voting"),
        ("voting", "results"),
    ]


@pytest.mark.parametrize("phase", ["results", "closed"])
def test_there_is_nothing_to_skip_to_after_voting(app, phase):
    session = make_session(phase=phase)
    count = len(logged(session))
    with pytest.raises(WrongPhase):
        phases.skip_phase(session)
    assert reload(session).phase == phase
    assert len(logged(session)) == count


# Deadlines that pass


def test_an_expired_collecting_phase_moves_to_voting_exactly_once(app):
    session = make_session(phase="collecting", collecting_minutes=5)
    expire(session)
    assert phases.advance_if_expired(session.id) is True
    assert phases.advance_if_expired(session.id) is False
    assert timer_row(session) == ("voting", None, None)
    moves = [(data["previous"], data["phase"]) for *_, data in phase_events(session)]
    assert moves == [("draft", "collecting"), ("collecting", "voting")]


def test_an_expired_voting_phase_shows_the_results(app):
    session = make_session(phase="collecting", voting_minutes=3)
    move_to(session, "voting")
    expire(session)
    assert phases.advance_if_expired(session.id) is True
    assert timer_row(session) == ("results", None, None)


def test_a_deadline_still_ahead_moves_nothing(app):
    session = make_session(phase="collecting", collecting_minutes=5)
    assert phases.advance_if_expired(session.id) is False
    assert reload(session).phase == "collecting"


def test_advance_expired_phases_moves_every_expired_session_and_only_those(app):
    collecting, voting = make_session(phase="collecting"), make_session(phase="voting")
    running, paused = make_session(phase="collecting"), make_session(phase="collecting")
    untimed = make_session(phase="collecting")
    for session in (collecting, voting, running, paused):
        phases.start_timer(session, 5)
    phases.pause_timer(paused)
    expire(collecting)
    expire(voting)

    assert phases.advance_expired_phases() == 2
    assert phases.advance_expired_phases() == 0
    assert [reload(s).phase for s in (collecting, voting, running, paused, untimed)] == [
        "voting",
        "results",
        "collecting",
        "collecting",
        "collecting",
    ]
    assert reload(paused).timer_remaining == 300


def test_a_stray_deadline_outside_the_timed_phases_moves_nothing(app):
    session = make_session(phase="results")
    expire(session)
    assert phases.advance_expired_phases() == 0
    assert phases.advance_if_expired(session.id) is False
    assert reload(session).phase == "results"


def test_locking_a_session_honours_its_expired_timer_first(app, clock):
    session = make_session(phase="collecting", collecting_minutes=5, voting_minutes=2)
    stored = reload(session)
    stored.phase_deadline = clock.now - timedelta(seconds=1)
    db.session.commit()
    locked = phases.lock_session(session.id)
    assert locked.phase == "voting"
    db.session.commit()
    assert timer_row(session) == ("voting", NOW + timedelta(minutes=2), None)


def test_an_idea_sent_after_the_deadline_is_refused_and_the_session_moves_on(app):
    session = make_session(phase="collecting", collecting_minutes=5)
    participant, _ = join(session)
    expire(session)
    with pytest.raises(WrongPhase) as caught:
        add_idea(session, participant, "Late but keen")
    assert caught.value.message == messages.IDEAS_CLOSED
    assert reload(session).phase == "voting"
    assert db.session.scalar(select(func.count(Idea.id))) == 0


def test_a_vote_after_the_voting_deadline_is_refused_and_the_results_are_out(app):
    session = make_session(phase="collecting", voting_minutes=3)
    (idea,) = add_ideas(session, "Greet everyone")
    voter, _ = join(session)
    move_to(session, "voting")
    expire(session)
    with pytest.raises(WrongPhase) as caught:
        cast_vote(idea.id, voter)
    assert caught.value.message == messages.VOTING_CLOSED
    assert reload(session).phase == "results"
    assert db.session.scalar(select(func.count(Vote.id))) == 0


def test_callers_racing_over_an_expired_session_move_it_once(app):
    session = make_session(phase="collecting", collecting_minutes=5)
    expire(session)
    session_id = session.id
    barrier, outcomes = threading.Barrier(4), []

    def caller(index: int) -> None:
        with app.app_context():  # its own database session, as each request has
            try:
                barrier.wait(WAIT_S)
                if index % 2:
                    outcomes.append(phases.advance_if_expired(session_id))
                else:
                    outcomes.append(phases.advance_expired_phases() == 1)
            except Exception as error:
                outcomes.append(repr(error))
                raise
            finally:
                db.session.remove()

    threads = [threading.Thread(target=caller, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT_S)
    assert sorted(outcomes, key=str) == [False, False, False, True]
    assert reload(session).phase == "voting"
    moves = [(data["previous"], data["phase"]) for *_, data in phase_events(session)]
    assert moves == [("draft", "collecting"), ("collecting", "voting")]
