"""Scores: fair to ideas seen by few, pulled to the mean on few ratings, consistent with wins."""

import pytest
from scipy.stats import binomtest

from feedback_app.services.scores import (
    BT_PRIOR,
    STAR_PRIOR_WEIGHT,
    bayesian_average,
    bradley_terry,
    competition_ranks,
    group_consensus,
    wilson_interval,
    win_probability,
)


def _low(successes: int, trials: int) -> float:
    return wilson_interval(successes, trials)[0]


# Wilson lower bound


def test_no_votes_score_exactly_zero_whether_or_not_the_idea_was_shown():
    assert wilson_interval(0, 0) == (0.0, 0.0)
    for exposures in (1, 7, 1000):
        low, high = wilson_interval(0, exposures)
        assert low == 0.0  # a true 0, never 1e-17 that would sort before another 0
        assert 0.0 < high < 1.0


@pytest.mark.parametrize(("successes", "trials"), [(1, 1), (1, 2), (3, 10), (10, 10), (57, 300)])
def test_the_interval_is_wilsons_as_scipy_computes_it(successes, trials):
    expected = binomtest(successes, trials).proportion_ci(0.95, method="wilson")
    low, high = wilson_interval(successes, trials)
    assert low == pytest.approx(expected.low, abs=1e-12)
    assert high == pytest.approx(expected.high, abs=1e-12)


def test_more_votes_for_the_same_exposures_always_score_higher():
    lows = [_low(votes, 40) for votes in range(41)]
    assert lows[0] == 0.0
    assert all(later > earlier for earlier, later in zip(lows, lows[1:], strict=False))


def test_the_same_votes_over_more_exposures_always_score_lower():
    lows = [_low(6, exposures) for exposures in range(6, 200)]
    assert all(later < earlier for earlier, later in zip(lows, lows[1:], strict=False))


def test_ten_out_of_ten_beats_eleven_out_of_a_hundred_and_evidence_beats_luck():
    assert _low(10, 10) > _low(11, 100)
    assert _low(50, 100) > _low(5, 10) > _low(1, 2)  # the same share, ever surer
    assert _low(1, 1) < _low(8, 10)  # one lucky vote does not top a strong record


def test_more_votes_than_exposures_count_as_full_support():
    assert wilson_interval(12, 10) == wilson_interval(10, 10)


# Bayesian average of stars


def test_an_idea_nobody_rated_scores_the_session_mean():
    assert bayesian_average(0, 0, 3.7, STAR_PRIOR_WEIGHT) == pytest.approx(3.7)


def test_a_single_five_star_rating_is_pulled_to_the_session_mean():
    assert bayesian_average(5, 1, 3.0, STAR_PRIOR_WEIGHT) == pytest.approx((3 * 3.0 + 5) / 4)
    assert bayesian_average(5, 1, 3.0, STAR_PRIOR_WEIGHT) == pytest.approx(3.5)
    assert bayesian_average(1, 1, 3.0, STAR_PRIOR_WEIGHT) == pytest.approx(2.5)


def test_many_ratings_outweigh_the_prior():
    one_five = bayesian_average(5, 1, 3.0, STAR_PRIOR_WEIGHT)
    twenty_fours = bayesian_average(4 * 20, 20, 3.0, STAR_PRIOR_WEIGHT)
    assert twenty_fours > one_five  # a steady 4 from twenty people beats one lone 5
    hundred_fives = bayesian_average(5 * 100, 100, 3.0, STAR_PRIOR_WEIGHT)
    assert 4.9 < hundred_fives < 5.0


def test_the_pull_shrinks_with_every_further_rating():
    scores = [bayesian_average(5 * n, n, 3.0, STAR_PRIOR_WEIGHT) for n in range(30)]
    assert scores[0] == pytest.approx(3.0)
    assert all(later > earlier for earlier, later in zip(scores, scores[1:], strict=False))
    assert all(score < 5.0 for score in scores)


# Bradley–Terry


def test_strengths_order_ideas_as_their_wins_do():
    outcomes = [(1, 2)] * 3 + [(2, 3)] * 3 + [(1, 3)] * 2 + [(2, 1)]
    strength = bradley_terry([1, 2, 3], outcomes)
    assert strength[1] > strength[2] > strength[3]
    assert strength[1] > 1.0 > strength[3]


def test_an_idea_never_compared_stays_exactly_average():
    strength = bradley_terry([1, 2, 3, 4], [(1, 2), (1, 3), (2, 3)] * 2)
    assert strength[4] == 1.0
    assert win_probability(strength[4]) == 0.5
    assert strength[1] > strength[4] > strength[3]


def test_no_choices_at_all_leave_every_idea_average():
    assert bradley_terry([5, 6, 7], []) == {5: 1.0, 6: 1.0, 7: 1.0}


def test_an_idea_that_never_lost_has_a_finite_strength():
    strength = bradley_terry([1, 2], [(1, 2)] * 50)
    assert 1.0 < strength[1] < 1e6
    assert 0.0 < strength[2] < 1.0
    assert strength[1] > bradley_terry([1, 2], [(1, 2)] * 5)[1]  # more wins, more strength


def test_a_cycle_of_equal_wins_leaves_every_idea_equal():
    strength = bradley_terry([1, 2, 3], [(1, 2), (2, 3), (3, 1)] * 4)
    assert strength[1] == pytest.approx(1.0)
    assert strength[2] == pytest.approx(1.0)
    assert strength[3] == pytest.approx(1.0)


def test_choices_naming_unknown_ideas_are_ignored():
    plain = bradley_terry([1, 2], [(1, 2), (1, 2), (2, 1)])
    with_strangers = bradley_terry([1, 2], [(1, 2), (1, 99), (1, 2), (98, 2), (2, 1)])
    assert with_strangers == plain


def test_strengths_are_where_expected_wins_equal_actual_wins():
    """The maximum of the likelihood with the prior: each idea's expected wins, against its
    opponents and the virtual average idea, equal its actual wins (plus the virtual one)."""
    items = [1, 2, 3, 4]
    outcomes = [(1, 2), (1, 2), (2, 1), (1, 3), (3, 2), (2, 4), (4, 3), (1, 4), (4, 1)]
    strength = bradley_terry(items, outcomes)
    for item in items:
        actual = sum(1 for winner, _ in outcomes if winner == item) + BT_PRIOR
        expected = 2 * BT_PRIOR * win_probability(strength[item])
        for winner, loser in outcomes:
            if item in (winner, loser):
                other = loser if winner == item else winner
                expected += strength[item] / (strength[item] + strength[other])
        assert expected == pytest.approx(actual, rel=1e-6)


# Ties


def test_equal_scores_share_a_rank_and_the_next_rank_skips():
    assert competition_ranks([0.9, 0.5, 0.5, 0.1]) == [(1, False), (2, True), (2, True), (4, False)]
    assert competition_ranks([0.5, 0.5 + 1e-12]) == [(1, True), (1, True)]  # float noise ties
    assert competition_ranks([]) == []


# Group-aware consensus


def test_consensus_needs_groups():
    assert group_consensus({}) is None


def test_consensus_is_the_product_of_smoothed_support():
    assert group_consensus({"a": (3, 4), "b": (1, 2)}) == pytest.approx(4 / 6 * 2 / 4)


def test_consensus_is_high_only_when_every_group_supports():
    everyone = group_consensus({"front": (10, 10), "managers": (10, 10), "board": (5, 5)})
    one_group_against = group_consensus({"front": (10, 10), "managers": (10, 10), "board": (0, 5)})
    assert everyone > 0.7
    assert one_group_against < 0.15
    # The same 20 supporters out of 30: broad support beats one group's enthusiasm.
    broad = group_consensus({"front": (10, 15), "managers": (10, 15)})
    split = group_consensus({"front": (15, 15), "managers": (5, 15)})
    assert broad > split


def test_more_support_in_any_group_raises_consensus():
    base = group_consensus({"a": (2, 6), "b": (3, 6)})
    assert group_consensus({"a": (3, 6), "b": (3, 6)}) > base
    assert group_consensus({"a": (2, 6), "b": (4, 6)}) > base
