"""Ranking service: scores by mode, ties sharing a rank, consensus; hidden ideas left out."""

from datetime import timedelta

import pytest

from feedback_app.errors import Forbidden
from feedback_app.extensions import db
from feedback_app.services.moderation import set_idea_status
from feedback_app.services.phases import change_phase
from feedback_app.services.ranking import rank_ideas, ranking_for_participant
from feedback_app.services.sessions import set_results_public
from feedback_app.services.voting import cast_vote
from tests.factories import add_ideas, join, make_session


def test_equal_support_shares_a_rank_and_the_next_rank_skips(app):
    session = make_session(phase="collecting")
    late, early, popular, tie_a, tie_b = add_ideas(
        session, "Late idea", "Early idea", "Popular idea", "Tie A", "Tie B"
    )
    early.created_at -= timedelta(minutes=5)
    db.session.commit()
    voters = [join(session)[0] for _ in range(3)]
    change_phase(session, "voting")
    for voter in voters:
        cast_vote(popular.id, voter)
    cast_vote(late.id, voters[0])
    cast_vote(early.id, voters[1])
    ranked = rank_ideas(session)
    assert [(r.votes, r.rank, r.tied) for r in ranked] == [
        (3, 1, False),
        (1, 2, True),  # 1, 2, 2, 4: ties share a rank
        (1, 2, True),
        (0, 4, True),
        (0, 4, True),
    ]

    def by_public_id(*ideas):  # ties: in the random public ids' order, not as written
        return [idea.text for idea in sorted(ideas, key=lambda idea: idea.public_id)]

    assert [r.text for r in ranked] == [
        "Popular idea",
        *by_public_id(late, early),
        *by_public_id(tie_a, tie_b),
    ]
    assert ranked == rank_ideas(session)


def test_hidden_ideas_leave_the_ranking(app):
    session = make_session(phase="collecting")
    keep, drop = add_ideas(session, "Keep this one", "Drop this one")
    set_idea_status(drop, "hidden")
    assert [r.idea_id for r in rank_ideas(session)] == [keep.id]


def test_participants_see_results_only_when_out_and_shared(app):
    session = make_session(phase="voting")
    with pytest.raises(Forbidden):
        ranking_for_participant(session)
    change_phase(session, "results")
    with pytest.raises(Forbidden) as caught:
        ranking_for_participant(session)
    assert caught.value.code == "results_private"
    set_results_public(session, True)
    assert ranking_for_participant(session) == []
