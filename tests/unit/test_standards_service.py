"""Candidate standards: the draft wording and what counts towards the score."""

import pytest

from feedback_app.services import clustering, standards
from feedback_app.services.duplicates import merge_ideas
from feedback_app.services.ideas import get_idea
from feedback_app.services.phases import change_phase
from feedback_app.services.scores import wilson_interval
from feedback_app.services.standards import scored_standards
from feedback_app.services.voting import cast_vote
from tests import factories
from tests.factories import add_ideas, join, level_named, make_candidate, make_session
from tests.sample_ideas import THEMES


def test_draft_statement_is_worded_like_a_policy_from_the_representative_idea():
    statement = standards.draft_statement(
        "greeting at the counter",
        "greet_listen",
        "Greet every customer within ten seconds of reaching the counter",
    )
    assert statement == "Staff greet every customer within 10 seconds of reaching the counter."
    assert standards.draft_statement("queue", "other", None) == "Other: Queue."


def test_promoting_drafts_the_statement_from_the_most_representative_idea(app):
    session = make_session(phase="collecting")
    add_ideas(session, *THEMES["refund"], *THEMES["greet"])
    run = clustering.run_clustering(session, k=2)
    greet = next(c for c in run.clusters if c.protocol_stage == "greet_listen")
    representative = get_idea(greet.representative_idea_id)
    standard = standards.promote_cluster(greet, session)
    expected = standards.draft_statement(greet.label, greet.protocol_stage, representative.text)
    assert factories.reload(standard).statement == expected
    text = representative.text.replace("ten", "10")
    assert expected == f"Staff {text[0].lower()}{text[1:]}."


def test_score_counts_votes_of_visible_ideas_and_each_supporter_once(app):
    session = make_session(phase="collecting")
    ideas = add_ideas(session, *THEMES["refund"], *THEMES["greet"])
    run = clustering.run_clustering(session, k=2)
    refund = next(c for c in run.clusters if ideas[0].id in {m.idea_id for m in c.members})
    change_phase(session, "voting")
    alice, *others = [join(session)[0] for _ in range(5)]
    for idea in ideas[:2]:
        cast_vote(idea.id, alice)
    for other in others:
        cast_vote(ideas[2].id, other)
    standard = standards.promote_cluster(refund, session)
    scored = standards.score_standard(standard)
    assert (scored.votes, scored.supporters, scored.idea_count) == (6, 5, 5)
    merge_ideas(ideas[0], ideas[1])  # alice voted both: her two votes become one
    scored = standards.score_standard(standard)
    assert (scored.votes, scored.supporters, scored.idea_count) == (5, 5, 4)


def test_fewer_supporters_than_k_are_not_counted_out(app):
    """Votes 2 beside supporters 1 would tell that one person voted for both ideas."""
    session = make_session(phase="collecting")
    ideas = add_ideas(session, *THEMES["refund"], *THEMES["greet"])
    run = clustering.run_clustering(session, k=2)
    refund = next(c for c in run.clusters if ideas[0].id in {m.idea_id for m in c.members})
    change_phase(session, "voting")
    alice = join(session)[0]
    for idea in ideas[:2]:
        cast_vote(idea.id, alice)
    scored = standards.score_standard(standards.promote_cluster(refund, session))
    assert (scored.votes, scored.supporters) == (2, None)
    app.config["BREAKDOWN_MIN_GROUP"] = 1  # never below 3: still hidden
    assert standards.score_standard(scored.standard).supporters is None


def test_only_visible_ideas_stand_behind_a_standard(app):
    session = make_session(phase="collecting")
    ideas = add_ideas(session, *THEMES["refund"], *THEMES["greet"])
    run = clustering.run_clustering(session, k=2)
    refund = next(c for c in run.clusters if ideas[0].id in {m.idea_id for m in c.members})
    standard = standards.promote_cluster(refund, session)
    merge_ideas(ideas[0], ideas[1])
    (scored,) = standards.scored_standards(session)
    assert [idea.id for idea in scored.ideas] == [i.id for i in ideas[:5] if i is not ideas[1]]
    assert scored.standard.id == standard.id


def test_listing_standards_costs_the_same_queries_for_one_or_many(app):
    from sqlalchemy import event

    from feedback_app.extensions import db

    session = make_session(phase="collecting")
    add_ideas(session, *THEMES["refund"], *THEMES["greet"], *THEMES["queue"])
    run = clustering.run_clustering(session, k=3)
    themes = [c for c in run.clusters if not c.is_other]
    standards.promote_cluster(themes[0], session)

    def count_queries() -> int:
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            db.session.expire_all()
            standards.scored_standards(session)
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return len(statements)

    with_one = count_queries()
    for theme in themes[1:]:
        standards.promote_cluster(theme, session)
    assert count_queries() == with_one


def test_support_has_a_range_and_consensus_needs_every_level(app):
    session = make_session(phase="collecting")
    standard = make_candidate(None, "Greet every customer at the door", session=session)
    front = [join(session, level_named("Front-line staff").id)[0] for _ in range(6)]
    bosses = [join(session, level_named("Supervisor").id)[0] for _ in range(5)]
    other = add_ideas(session, "Offer water while people wait")[0]
    change_phase(session, "voting")
    for person in front:
        cast_vote(standard.ideas[0].id, person)
    for person in bosses:
        cast_vote(other.id, person)
    (scored,) = scored_standards(session)
    assert scored.supporters == 6
    assert scored.support == pytest.approx(wilson_interval(6, 11))
    # every front-line voter, no supervisor: the levels do not agree
    assert scored.consensus == pytest.approx((7 / 8) * (1 / 7))


def test_support_of_fewer_than_k_people_has_no_range(app):
    session = make_session(phase="collecting")
    standard = make_candidate(None, "Greet every customer at the door", session=session)
    voters = [join(session)[0] for _ in range(8)]
    change_phase(session, "voting")
    for person in voters[:2]:
        cast_vote(standard.ideas[0].id, person)
    (scored,) = scored_standards(session)
    assert scored.supporters is None and scored.support is None
