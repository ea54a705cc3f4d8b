"""Scores that rank ideas fairly: pure functions, no database (the ranking simulator uses them).

* Wilson lower bound: the share of people who saw an idea and supported it, pessimistic for
  ideas seen by few, so ten votes out of ten views do not lose to eleven out of a hundred.
* Bayesian average: star ratings pulled towards the session's mean until enough people rated.
* Bradley–Terry: strengths from pairwise choices (as All Our Ideas does), by the MM algorithm.
* Group-aware consensus (after Pol.is): high only when every group of voters supports the idea.
"""

import math
from collections.abc import Iterable, Mapping, Sequence

Z95 = 1.959963984540054
STAR_PRIOR_WEIGHT = 3  # ratings worth of the session mean every idea starts with
BT_PRIOR = 1.0  # virtual win and loss against an average idea: finite, stable strengths
BT_ITERATIONS = 200
TIE_DIGITS = 9


def wilson_interval(successes: float, trials: float, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a proportion (0, 0 when there were no trials)."""
    if trials <= 0:
        return 0.0, 0.0
    p = min(1.0, successes / trials)
    if p <= 0:  # exactly 0, not a rounding error of 1e-17 that would sort before a true 0
        return 0.0, z * z / (trials + z * z)
    denominator = 1 + z * z / trials
    centre = p + z * z / (2 * trials)
    spread = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials))
    return max(0.0, (centre - spread) / denominator), min(1.0, (centre + spread) / denominator)


def bayesian_average(total: float, count: int, prior_mean: float, prior_weight: float) -> float:
    """A mean pulled towards `prior_mean` as if `prior_weight` ratings of it came first."""
    return (prior_weight * prior_mean + total) / (prior_weight + count)


def bradley_terry(
    items: Sequence[int], outcomes: Iterable[tuple[int, int]], prior: float = BT_PRIOR
) -> dict[int, float]:
    """Strength of each item from (winner, loser) pairs; 1.0 is an average item.

    MM algorithm (Hunter 2004) with `prior` virtual wins and losses against a fixed item of
    strength 1, which keeps every strength finite even for an item that never lost or won.
    """
    wins = dict.fromkeys(items, 0.0)
    opponents: dict[int, dict[int, int]] = {item: {} for item in items}
    for winner, loser in outcomes:
        if winner in wins and loser in wins:
            wins[winner] += 1
            opponents[winner][loser] = opponents[winner].get(loser, 0) + 1
            opponents[loser][winner] = opponents[loser].get(winner, 0) + 1
    strength = dict.fromkeys(items, 1.0)
    for _ in range(BT_ITERATIONS):
        updated = {}
        for item in items:
            denominator = 2 * prior / (strength[item] + 1.0)
            for other, games in opponents[item].items():
                denominator += games / (strength[item] + strength[other])
            updated[item] = (wins[item] + prior) / denominator
        done = all(abs(updated[i] - strength[i]) < 1e-9 * strength[i] for i in items)
        strength = updated
        if done:
            break
    return strength


def win_probability(strength: float) -> float:
    """Chance of being chosen over an average idea (strength 1)."""
    return strength / (strength + 1.0)


def competition_ranks(scores: Sequence[float]) -> list[tuple[int, bool]]:
    """Rank and tie flag for scores sorted best first: equal scores share a rank (1, 2, 2, 4)."""
    keys = [round(score, TIE_DIGITS) for score in scores]
    ranks = []
    for position, key in enumerate(keys):
        rank = position + 1 if position == 0 or key != keys[position - 1] else ranks[-1][0]
        ranks.append((rank, False))
    counts: dict[int, int] = {}
    for rank, _ in ranks:
        counts[rank] = counts.get(rank, 0) + 1
    return [(rank, counts[rank] > 1) for rank, _ in ranks]


def group_consensus(support: Mapping[str, tuple[int, int]]) -> float | None:
    """The product of each group's smoothed support rate, (agree + 1) / (members + 2).

    `support` maps a group to (members who support the idea, members). None without groups.
    """
    if not support:
        return None
    product = 1.0
    for agree, members in support.values():
        product *= (agree + 1) / (members + 2)
    return product
