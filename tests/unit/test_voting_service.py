"""Voting service: one vote per participant and idea, whatever the clicks or races."""

import threading

import pytest
from sqlalchemy import func, select

from feedback_app.errors import Conflict, NotFound, WrongPhase
from feedback_app.extensions import db
from feedback_app.models import Vote
from feedback_app.services.ideas import get_idea
from feedback_app.services.moderation import set_idea_status
from feedback_app.services.participation import participant_for_token
from feedback_app.services.phases import change_phase
from feedback_app.services.ranking import rank_ideas
from feedback_app.services.voting import cast_vote, remove_vote
from tests.factories import add_ideas, join, make_session, reload


def _votes_on(idea_id: int) -> int:
    return db.session.scalar(select(func.count(Vote.id)).where(Vote.idea_id == idea_id))


@pytest.fixture
def voting_session(app):
    session = make_session(phase="collecting")
    ideas = add_ideas(session, "Greet within ten seconds", "Refund without receipt")
    voter, token = join(session)
    change_phase(session, "voting")
    return session, ideas, voter, token


def test_a_second_vote_is_not_counted(voting_session):
    _, (idea, _), voter, _ = voting_session
    assert cast_vote(idea.id, voter).created is True
    assert cast_vote(idea.id, voter).created is False
    assert _votes_on(idea.id) == 1


def test_removing_a_vote_and_voting_again(voting_session):
    _, (idea, _), voter, _ = voting_session
    cast_vote(idea.id, voter)
    assert remove_vote(idea.id, voter).removed is True
    assert remove_vote(idea.id, voter).removed is False
    assert _votes_on(idea.id) == 0
    assert cast_vote(idea.id, voter).created is True
    assert _votes_on(idea.id) == 1


def test_votes_only_while_voting(voting_session):
    session, (idea, _), voter, _ = voting_session
    change_phase(session, "results")
    with pytest.raises(WrongPhase):
        cast_vote(idea.id, voter)
    with pytest.raises(WrongPhase):
        remove_vote(idea.id, voter)


def test_hidden_ideas_and_other_sessions_cannot_be_voted_on(voting_session):
    _, (idea, other_idea), voter, _ = voting_session
    set_idea_status(other_idea, "hidden")
    with pytest.raises(NotFound):
        cast_vote(other_idea.id, voter)
    outsider_session = make_session(phase="voting")
    outsider, _ = join(outsider_session)
    with pytest.raises(NotFound):
        cast_vote(idea.id, outsider)


def test_concurrent_double_clicks_record_exactly_one_vote(app, voting_session):
    """Eight simultaneous requests for the same vote: the database keeps exactly one."""
    _, (idea, _), _, token = voting_session
    idea_id, session_id = idea.id, idea.session_id
    barrier = threading.Barrier(8)
    results, errors = [], []

    def click():
        with app.app_context():
            try:
                voter = participant_for_token(token, session_id)
                target = get_idea(idea_id)
                barrier.wait()
                results.append(cast_vote(target.id, voter).created)
            except Exception as error:  # surfaced by the assertion below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=click) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert results.count(True) == 1
    assert _votes_on(idea_id) == 1


def test_hiding_an_idea_during_a_dots_vote_gives_its_dots_back(app):
    session = make_session(phase="collecting", voting_mode="dots", dot_budget=3, dots_per_idea=3)
    hidden, kept = add_ideas(session, "Greet within ten seconds", "Refund without receipt")
    voter, _ = join(session)
    other, _ = join(session)
    change_phase(session, "voting")
    for _ in range(3):
        cast_vote(hidden.id, voter)
    cast_vote(hidden.id, other)
    with pytest.raises(Conflict):  # the budget is spent
        cast_vote(kept.id, voter)
    set_idea_status(hidden, "hidden")
    assert _votes_on(hidden.id) == 0
    assert [reload(p).dots_used for p in (voter, other)] == [0, 0]
    state = cast_vote(kept.id, voter)
    assert (state.dots, state.dots_left) == (1, 2)


def test_hidden_ideas_do_not_pull_the_star_average_of_the_others(app):
    session = make_session(phase="collecting", voting_mode="stars")
    harsh, unrated, liked = add_ideas(session, "Idea one", "Idea two", "Idea three")
    voters = [join(session)[0] for _ in range(3)]
    change_phase(session, "voting")
    for voter in voters:
        cast_vote(harsh.id, voter, stars=1)
        cast_vote(liked.id, voter, stars=5)
    set_idea_status(harsh, "hidden")
    scores = {item.idea_id: item.score for item in rank_ideas(session)}
    assert scores[unrated.id] == pytest.approx(5.0)  # the mean of what is ranked: 5 stars
    assert harsh.id not in scores


def test_the_vote_insert_is_compiled_once_and_serves_every_voter(voting_session, monkeypatch):
    """SQLAlchemy does not cache INSERT … ON CONFLICT; services.prepared compiles it once."""
    from feedback_app.services import prepared

    session, (first, second), voter, _ = voting_session
    other, _ = join(session)
    monkeypatch.setattr(prepared, "_prepared", {})
    compiled = []
    compile_once = prepared._compile_once
    monkeypatch.setattr(
        prepared, "_compile_once", lambda *args: compiled.append(1) or compile_once(*args)
    )
    for who in (voter, other):
        for idea in (first, second):
            assert cast_vote(idea.id, who).created is True
    assert len(compiled) == 1
    assert (_votes_on(first.id), _votes_on(second.id)) == (2, 2)
    voters = set(db.session.scalars(select(Vote.participant_id).where(Vote.idea_id == first.id)))
    assert voters == {voter.id, other.id}  # each voter's own values, not the first call's


def _trace_statements(action) -> list[str]:
    """The first word of each statement `action` runs, and COMMIT where it commits."""
    from sqlalchemy import event

    trace = []
    engine = db.engine

    def statement(_conn, _cursor, sql, *_):
        trace.append(sql.split(None, 1)[0].upper())

    def commit(_conn):
        trace.append("COMMIT")

    event.listen(engine, "before_cursor_execute", statement)
    event.listen(engine, "commit", commit)
    try:
        action()
    finally:
        event.remove(engine, "before_cursor_execute", statement)
        event.remove(engine, "commit", commit)
    return trace


def _voter_in(mode: str):
    """An idea and a voter in a session voting in `mode`; the ids as a request has them."""
    session = make_session(phase="collecting", voting_mode=mode)
    (idea,) = add_ideas(session, "Offer a follow-up call")
    _, token = join(session)
    change_phase(session, "voting")
    voter = participant_for_token(token)  # as a request finds it: with its session
    return idea.id, idea.public_id, voter


def _stars_for(mode: str) -> int | None:
    return 4 if mode == "stars" else None


@pytest.mark.parametrize("mode", ["upvote", "dots", "stars"])
def test_a_vote_reads_nothing_after_its_commit(app, mode):
    """The live signal takes ids read before the commit: none is reloaded after it."""
    idea_id, _, voter = _voter_in(mode)
    trace = _trace_statements(lambda: cast_vote(idea_id, voter, stars=_stars_for(mode)))
    assert "COMMIT" in trace
    assert trace[trace.index("COMMIT") + 1 :] == []


@pytest.mark.parametrize(
    ("mode", "statements"),
    [("upvote", ["INSERT"]), ("dots", ["UPDATE", "INSERT"]), ("stars", ["INSERT"])],
)
def test_a_vote_by_public_id_finds_its_idea_inside_the_write(app, mode, statements):
    """A request names the idea by its public id: the vote's INSERT matches it, with no read
    of the idea before it (one round trip fewer per vote)."""
    idea_id, public_id, voter = _voter_in(mode)
    states = []
    vote = lambda: states.append(cast_vote(public_id, voter, stars=_stars_for(mode)))  # noqa: E731
    assert _trace_statements(vote) == [*statements, "COMMIT"]
    assert states[0].created is True and states[0].idea_id == idea_id
    assert _votes_on(idea_id) == 1


def test_a_vote_by_an_unknown_or_hidden_public_id_is_not_found(voting_session):
    session, (kept, hidden), voter, _ = voting_session
    set_idea_status(hidden, "hidden")
    for public_id in ("i" + "x" * (len(kept.public_id) - 1), hidden.public_id):
        with pytest.raises(NotFound):
            cast_vote(public_id, voter)
        db.session.rollback()
    assert cast_vote(kept.public_id, voter).created is True
    assert cast_vote(kept.public_id, voter).created is False  # again: still one vote
    assert (_votes_on(kept.id), _votes_on(hidden.id)) == (1, 0)
