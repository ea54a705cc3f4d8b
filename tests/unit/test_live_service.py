"""Live services: the event log and its audiences, replay, snapshots, tallies, settings, pages."""

from datetime import datetime, timedelta

import pytest
from sqlalchemy import func, select

from feedback_app import messages
from feedback_app.errors import Conflict
from feedback_app.extensions import db
from feedback_app.models import Participant, SessionEvent, SessionEventCounter
from feedback_app.services import events, live, moderation, phases
from feedback_app.services import ideas as idea_service
from feedback_app.services import sessions as session_service
from feedback_app.services.live import LiveEvent
from feedback_app.services.participation import join_session
from feedback_app.services.voting import cast_vote
from tests.clocks import freeze
from tests.factories import add_ideas, join, make_session, move_to, reload

NOW = datetime(2026, 11, 27, 9, 30, 0)


@pytest.fixture
def clock(monkeypatch):
    """Freeze the time the phases and live services read."""
    freeze(monkeypatch, NOW)
    return NOW


@pytest.fixture
def published(app):
    """Every message the broker publishes while the test runs."""
    seen = []
    unsubscribe = events.broker().subscribe(seen.append)
    yield seen
    unsubscribe()


def logged(session) -> list[tuple[int, str, str, dict]]:
    db.session.expire_all()
    query = select(SessionEvent).where(SessionEvent.session_id == session.id)
    rows = db.session.scalars(query.order_by(SessionEvent.seq))
    return [(e.seq, e.kind, e.audience, e.data) for e in rows]


def counter(session) -> int:
    db.session.expire_all()
    return db.session.scalar(
        select(SessionEventCounter.last_seq).where(SessionEventCounter.session_id == session.id)
    )


# The event log


def test_each_session_numbers_its_own_events_from_one(app):
    first, second = make_session(), make_session()
    assert (live.last_seq(first.id), live.last_seq(second.id)) == (0, 0)
    move_to(first, "voting")
    move_to(second, "collecting")
    # collecting, voting, and joining closed as voting began
    assert [seq for seq, *_ in logged(first)] == [1, 2, 3]
    assert [seq for seq, *_ in logged(second)] == [1]
    assert (live.last_seq(first.id), live.last_seq(second.id)) == (3, 1)
    assert (counter(first), counter(second)) == (3, 1)


def test_an_event_is_stored_and_published_only_when_its_change_commits(app, published):
    session = make_session(phase="collecting")
    published.clear()
    events.record(session.id, events.JOINING, {"open": False})
    assert published == []  # not before the commit
    db.session.commit()
    assert published == [
        {
            "session_id": session.id,
            "seq": 2,
            "name": "joining",
            "audience": "all",
            "data": {"open": False},
        }
    ]
    assert logged(session)[-1] == (2, "joining", "all", {"open": False})


def test_a_rolled_back_change_logs_publishes_and_numbers_nothing(app, published):
    session = make_session(phase="collecting")
    published.clear()
    stored = reload(session)
    stored.joining_open = False
    events.record(session.id, events.JOINING, {"open": False}, audience="all")
    events.record(session.id, events.SETTINGS, {"moderation": "pre"}, audience="staff")
    db.session.rollback()
    assert published == []
    assert reload(session).joining_open is True
    assert [seq for seq, *_ in logged(session)] == [1]
    assert counter(session) == 1

    session_service.set_joining_open(reload(session), False)  # the next event takes number 2
    assert [m["seq"] for m in published] == [2]
    assert logged(session)[-1] == (2, "joining", "all", {"open": False})


def test_a_signal_is_published_at_once_and_never_logged(app, published):
    session = make_session(phase="voting")
    published.clear()
    events.signal(session.id, events.VOTES, {"idea_ids": [7]})
    assert published == [
        {
            "session_id": session.id,
            "seq": None,
            "name": "votes",
            "audience": "all",
            "data": {"idea_ids": [7]},
        }
    ]
    assert [kind for _, kind, *_ in logged(session)] == ["phase", "phase", "joining"]


def test_a_broker_that_fails_never_undoes_a_committed_change(app, monkeypatch):
    session = make_session(phase="collecting")

    def broken(message):
        raise ConnectionError("broker down")

    monkeypatch.setattr(events.broker(), "publish", broken)
    session_service.set_joining_open(session, False)
    assert reload(session).joining_open is False
    assert logged(session)[-1] == (2, "joining", "all", {"open": False})


def test_joining_a_session_signals_the_new_count_without_logging_it(app, published):
    session = make_session()
    join(session)
    assert [(m["name"], m["seq"], m["data"]) for m in published] == [("participants", None, {})]
    assert logged(session) == []


# Who may see what


@pytest.mark.parametrize(
    ("event_audience", "audience", "seen"),
    [
        ("all", "participant", True),
        ("all", "projector", True),
        ("all", "staff", True),
        ("staff", "participant", False),
        ("staff", "projector", False),
        ("staff", "staff", True),
    ],
)
def test_only_staff_see_staff_events(event_audience, audience, seen):
    assert live.may_see(event_audience, audience) is seen


@pytest.fixture
def moderated_room(app):
    """A pre-moderated session with one approved idea and one still pending."""
    session = make_session(phase="collecting", moderation="pre")
    pending, approved = add_ideas(session, "Waiting for approval", "Approved and shown")
    moderation.set_idea_status(approved, "visible")
    return session, pending, approved


def test_replay_gives_participants_and_the_projector_only_public_events(moderated_room):
    session, pending, approved = moderated_room
    public = [
        LiveEvent(5, "idea.added", {"id": approved.public_id, "text": "Approved and shown"}),
    ]
    for audience in ("participant", "projector"):
        missed = live.replay(session.id, audience, 1)
        assert missed == live.Replay(public, 5)


def test_replay_gives_staff_every_event_after_the_one_they_have(moderated_room):
    session, pending, approved = moderated_room
    missed = live.replay(session.id, "staff", 1)
    assert missed == live.Replay(
        [
            LiveEvent(2, "idea.pending", {"id": pending.public_id, "text": "Waiting for approval"}),
            LiveEvent(3, "idea.pending", {"id": approved.public_id, "text": "Approved and shown"}),
            LiveEvent(
                4,
                "idea.status",
                {"id": approved.public_id, "status": "visible", "text": "Approved and shown"},
            ),
            LiveEvent(5, "idea.added", {"id": approved.public_id, "text": "Approved and shown"}),
        ],
        5,
    )


def test_replay_counts_unseen_events_so_a_stream_does_not_ask_for_them_again(moderated_room):
    session, *_ = moderated_room
    session_service.set_moderation(session, "post")  # event 6, for staff only
    assert live.replay(session.id, "participant", 5) == live.Replay([], 6)
    assert live.replay(session.id, "projector", 5) == live.Replay([], 6)
    assert [e.seq for e in live.replay(session.id, "staff", 5).events] == [6]
    assert live.replay(session.id, "participant", 6) == live.Replay([], 6)
    assert live.replay(session.id, "participant", 99) == live.Replay([], 99)


def test_a_stream_too_far_behind_is_told_to_start_over(app):
    session = make_session(phase="collecting")
    db.session.add_all(
        SessionEvent(session_id=session.id, seq=seq, kind="timer", audience="all", data={})
        for seq in range(2, live.REPLAY_MAX + 3)
    )
    stored = db.session.get(SessionEventCounter, session.id)
    stored.last_seq = live.REPLAY_MAX + 2
    db.session.commit()
    assert live.replay(session.id, "staff", 1) == live.Replay([], 1002, too_far_behind=True)
    caught_up = live.replay(session.id, "staff", 2)
    assert (len(caught_up.events), caught_up.last_seq, caught_up.too_far_behind) == (
        1000,
        1002,
        False,
    )


# The state a stream starts from


def test_participants_get_no_vote_total_in_their_snapshot(app, clock):
    session = make_session(phase="collecting", voting_minutes=2)
    idea, other = add_ideas(session, "Greet everyone", "Tidy the entrance")
    move_to(session, "voting")
    cast_vote(idea.id, join(session)[0])
    cast_vote(other.id, join(session)[0])
    session = reload(session)
    timer = {
        "running": True,
        "seconds_left": 120,
        "deadline": "2026-11-27T09:32:00Z",
        "server_now": "2026-11-27T09:30:00Z",
    }
    common = {
        "phase": "voting",
        "joining_open": False,  # voting closes joining by default
        "timer": timer,
        "participants": 4,
        "show_live_counts": False,
    }
    assert live.snapshot(session, "participant") == common
    assert live.snapshot(session, "projector") == {**common, "votes_cast": 2}
    assert live.snapshot(session, "staff") == {**common, "votes_cast": 2}


def test_a_paused_timer_shows_its_seconds_left_and_no_deadline(app, clock):
    session = make_session(phase="collecting")
    phases.start_timer(session, 3)
    phases.pause_timer(session)
    assert live.timer_state(reload(session)) == {
        "running": False,
        "seconds_left": 180,
        "deadline": None,
        "server_now": "2026-11-27T09:30:00Z",
    }


def test_an_overdue_timer_shows_zero_seconds_not_a_negative_count(app, monkeypatch):
    session = make_session(phase="collecting")
    phases.start_timer(session, 1)
    monkeypatch.setattr(live, "utc_now", lambda: reload(session).phase_deadline + timedelta(3))
    assert live.timer_state(reload(session))["seconds_left"] == 0


def test_votes_on_hidden_ideas_are_not_counted_as_cast(app):
    session = make_session(phase="collecting")
    kept, later_hidden = add_ideas(session, "Greet everyone", "Tidy the entrance")
    move_to(session, "voting")
    for idea in (kept, later_hidden, later_hidden):
        cast_vote(idea.id, join(session)[0])
    assert live.votes_cast(session.id) == 3
    moderation.set_idea_status(later_hidden, "hidden")
    assert live.votes_cast(session.id) == 1
    assert live.participant_total(session.id) == 5  # two authors, three voters


# Tallies


def test_a_tally_counts_the_ideas_asked_for_and_each_audience_sees_its_share(app):
    session = make_session(phase="collecting")
    popular, quiet, untouched = add_ideas(session, "Greet", "Tidy up", "Offer water")
    move_to(session, "voting")
    for idea in (popular, popular, quiet):
        cast_vote(idea.id, join(session)[0])

    totals = live.tally(session.id, [popular.id, quiet.id])
    assert totals == {
        "votes_cast": 3,
        "ideas": {popular.public_id: 2, quiet.public_id: 1},
        "show_live_counts": False,
    }
    assert live.tally_for("staff", totals) == {
        "votes_cast": 3,
        "ideas": {popular.public_id: 2, quiet.public_id: 1},
    }
    assert live.tally_for("projector", totals) == {"votes_cast": 3}
    assert live.tally_for("participant", totals) is None
    assert live.tally(session.id, [untouched.id])["ideas"] == {untouched.public_id: 0}
    assert live.tally(session.id, []) == {"votes_cast": 3, "ideas": {}, "show_live_counts": False}


def test_the_projector_gets_per_idea_counts_once_live_counts_are_shown(app):
    session = make_session(phase="collecting")
    (idea,) = add_ideas(session, "Greet")
    move_to(session, "voting")
    cast_vote(idea.id, join(session)[0])
    session_service.set_show_live_counts(session, True)
    totals = live.tally(session.id, [idea.id])
    assert live.tally_for("projector", totals) == {"votes_cast": 1, "ideas": {idea.public_id: 1}}
    assert live.tally_for("participant", totals) is None


# Room settings


def test_closing_joining_refuses_newcomers_with_joining_closed(app, published):
    session = make_session(phase="collecting")
    already, _ = join(session)
    session_service.set_joining_open(session, False)
    assert reload(session).joining_open is False
    assert logged(session)[-1] == (2, "joining", "all", {"open": False})
    with pytest.raises(Conflict) as caught:
        join_session(session.join_code)
    assert (caught.value.status, caught.value.code) == (409, "joining_closed")
    assert caught.value.message == messages.JOINING_CLOSED
    count = select(func.count(Participant.id)).where(Participant.session_id == session.id)
    assert db.session.scalar(count) == 1
    # Those already in keep taking part.
    idea = idea_service.add_idea(session, already, "Still in the room")
    assert reload(idea).status == "visible"


def test_reopening_joining_lets_newcomers_in_again(app):
    session = make_session(phase="collecting")
    session_service.set_joining_open(session, False)
    session_service.set_joining_open(session, True)
    participant, _ = join_session(session.join_code)
    assert reload(participant).session_id == session.id
    assert [data for _, kind, _, data in logged(session) if kind == "joining"] == [
        {"open": False},
        {"open": True},
    ]


def test_live_counts_are_off_by_default_and_the_switch_is_told_to_everyone(app):
    session = make_session(phase="voting")
    assert reload(session).show_live_counts is False
    session_service.set_show_live_counts(session, True)
    assert reload(session).show_live_counts is True
    assert logged(session)[-1] == (4, "settings", "all", {"show_live_counts": True})
    session_service.set_show_live_counts(session, False)
    assert reload(session).show_live_counts is False
    assert logged(session)[-1] == (5, "settings", "all", {"show_live_counts": False})


def test_sharing_results_is_logged_for_everyone(app):
    session = make_session(phase="results")
    session_service.set_results_public(session, True)
    assert reload(session).results_public is True
    assert logged(session)[-1] == (5, "settings", "all", {"results_public": True})


# Pages of ideas


def test_a_participants_pages_split_the_visible_ideas_without_overlap(app):
    session = make_session(phase="collecting")
    created = add_ideas(session, *(f"Idea number {n}" for n in range(1, 8)))
    moderation.set_idea_status(created[3], "hidden")
    reader, _ = join(session)
    whole = idea_service.ideas_for_participant(session, reader)
    pages = [
        idea_service.ideas_for_participant(session, reader, limit=3, offset=offset)
        for offset in (0, 3, 6)
    ]
    assert [len(page) for page in pages] == [3, 3, 0]
    assert [i.id for page in pages for i in page] == [i.id for i in whole]
    assert sorted(i.id for i in whole) == sorted(i.id for i in created if i is not created[3])


def test_only_the_first_page_starts_with_the_authors_own_pending_ideas(app):
    session = make_session(phase="collecting")
    shown = add_ideas(session, "First shown", "Second shown", "Third shown")
    session_service.set_moderation(session, "pre")
    author, _ = join(session)
    mine = [idea_service.add_idea(session, author, text) for text in ("Mine A", "Mine B")]
    first = idea_service.ideas_for_participant(session, author, limit=2, offset=0)
    second = idea_service.ideas_for_participant(session, author, limit=2, offset=2)
    assert [(i.id, i.status, i.mine) for i in first[:2]] == [
        (mine[0].id, "pending", True),
        (mine[1].id, "pending", True),
    ]
    assert [i.status for i in first[2:] + second] == ["visible"] * 3
    assert sorted(i.id for i in first[2:] + second) == sorted(i.id for i in shown)


def test_staff_pages_come_newest_first_and_can_leave_statuses_out(app):
    session = make_session(phase="collecting", moderation="pre")
    a, b, c, d = add_ideas(session, "Idea A", "Idea B", "Idea C", "Idea D")
    for idea in (a, b, d):
        moderation.set_idea_status(idea, "visible")
    moderation.set_idea_status(b, "off_topic")

    def ids(**kwargs):
        return [i.id for i in idea_service.ideas_for_staff(session, **kwargs)]

    assert ids() == [a.id, b.id, c.id, d.id]
    assert ids(limit=2, offset=1) == [b.id, c.id]
    assert ids(newest_first=True, limit=2) == [d.id, c.id]
    assert ids(newest_first=True, limit=2, offset=2) == [b.id, a.id]
    assert ids(newest_first=True, statuses=("visible", "off_topic")) == [d.id, b.id, a.id]
    assert ids(statuses=("pending",)) == [c.id]
