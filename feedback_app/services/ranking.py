"""Ranking: visible ideas ordered by a score that suits the voting mode; ties share a rank.

* upvote and dots: the Wilson lower bound of support per exposure (votes, or dots out of the
  most a viewer could give, over the times the idea was shown), so late ideas seen by fewer
  people are not buried by early ones;
* stars: the Bayesian average of the ratings, towards the session's mean;
* pairwise: Bradley–Terry strength, as the chance to be chosen over an average idea.

Beside the score, a cross-level consensus: high only when every level that took part supports
the idea (groups of fewer than k voters are merged into "other levels", or left out).
"""

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select

from feedback_app import messages
from feedback_app.errors import Forbidden
from feedback_app.extensions import db
from feedback_app.models import (
    BrainstormSession,
    Idea,
    IdeaStatus,
    PairChoice,
    Participant,
    Vote,
)
from feedback_app.services import scores
from feedback_app.services.privacy import min_group

RESULT_PHASES = ("results", "closed")
STAR_SUPPORT = 4  # a rating of 4 or 5 stars counts as support for consensus
SCORE_EXPLAINED = {
    "upvote": "Score: the share of people who saw the idea and voted for it, counted "
    "cautiously (the lower end of its 95 % range), so ideas seen by few are not overrated.",
    "dots": "Score: the share of the dots the idea could have had from the people who saw it, "
    "counted cautiously (the lower end of its 95 % range).",
    "stars": "Score: the average rating, pulled towards the session's average until enough "
    "people have rated the idea.",
    "pairwise": "Score: the chance that people choose this idea over an average one, from "
    "every pair they compared (Bradley–Terry).",
}


@dataclass(frozen=True)
class RankedIdea:
    """One line of the ranking: `votes` are up-votes, dots, ratings or pairwise wins."""

    idea_id: int
    text: str
    votes: int
    rank: int
    score: float
    tied: bool
    low: float | None = None
    high: float | None = None
    consensus: float | None = None
    exposures: int = 0
    public_id: str = ""  # the only id shown outside the server


@dataclass(frozen=True)
class _Tally:
    idea_id: int
    text: str
    votes: int
    score: float
    low: float | None
    high: float | None
    exposures: int


def rank_ideas(session: BrainstormSession) -> list[RankedIdea]:
    """Every visible idea, best first; equal scores share a rank (1, 2, 2, 4)."""
    ideas = db.session.execute(
        select(Idea.id, Idea.public_id, Idea.text, Idea.exposures)
        .where(Idea.session_id == session.id, Idea.status == IdeaStatus.VISIBLE.value)
        .order_by(Idea.id)
    ).all()
    if session.voting_mode == "pairwise":
        tallies = _pair_tallies(session, ideas)
    else:
        tallies = _vote_tallies(session, ideas)
    public_ids = {idea.id: idea.public_id for idea in ideas}
    # Ties fall in the order of the random public ids: the integer keys would list tied ideas
    # (all of them, before any vote) in the order they were written.
    tallies.sort(
        key=lambda item: (
            -round(item.score, scores.TIE_DIGITS),
            -item.votes,
            public_ids[item.idea_id],
        )
    )
    consensus = consensus_by_idea(session, [item.idea_id for item in tallies])
    ranks = scores.competition_ranks([item.score for item in tallies])
    return [
        RankedIdea(
            item.idea_id,
            item.text,
            item.votes,
            rank,
            item.score,
            tied,
            item.low,
            item.high,
            consensus.get(item.idea_id),
            item.exposures,
            public_ids[item.idea_id],
        )
        for item, (rank, tied) in zip(tallies, ranks, strict=True)
    ]


def _vote_tallies(session: BrainstormSession, ideas) -> list[_Tally]:
    rows = db.session.execute(
        select(Vote.idea_id, func.count(Vote.id), func.coalesce(func.sum(Vote.value), 0))
        .join(Idea, Idea.id == Vote.idea_id)
        .where(Idea.session_id == session.id)
        .group_by(Vote.idea_id)
    ).all()
    counted = {idea_id: (int(count), int(total)) for idea_id, count, total in rows}
    if session.voting_mode == "stars":  # the session's mean over the ideas being ranked
        shown = [counted[idea.id] for idea in ideas if idea.id in counted]
        ratings = sum(count for count, _ in shown)
        mean = sum(total for _, total in shown) / ratings if ratings else 3.0
    tallies = []
    for idea in ideas:
        count, total = counted.get(idea.id, (0, 0))
        if session.voting_mode == "stars":
            score = scores.bayesian_average(total, count, mean, scores.STAR_PRIOR_WEIGHT)
            tallies.append(_Tally(idea.id, idea.text, count, score, None, None, idea.exposures))
            continue
        if session.voting_mode == "dots":
            successes, trials = total, max(idea.exposures * session.dots_per_idea, total)
        else:
            successes, trials = count, max(idea.exposures, count)
        low, high = scores.wilson_interval(successes, trials)
        tallies.append(_Tally(idea.id, idea.text, total, low, low, high, idea.exposures))
    return tallies


def _pair_tallies(session: BrainstormSession, ideas) -> list[_Tally]:
    choices = db.session.execute(
        select(PairChoice.winner_id, PairChoice.low_id, PairChoice.high_id).where(
            PairChoice.session_id == session.id, PairChoice.winner_id.is_not(None)
        )
    ).all()
    outcomes = [(winner, high if winner == low else low) for winner, low, high in choices]
    strengths = scores.bradley_terry([idea.id for idea in ideas], outcomes)
    wins = defaultdict(int)
    for winner, _ in outcomes:
        wins[winner] += 1
    return [
        _Tally(
            idea.id,
            idea.text,
            wins[idea.id],
            scores.win_probability(strengths[idea.id]),
            None,
            None,
            idea.exposures,
        )
        for idea in ideas
    ]


def _voter_ids(session_id: int):
    voted = select(Vote.participant_id).join(Idea, Idea.id == Vote.idea_id)
    paired = select(PairChoice.participant_id).where(PairChoice.session_id == session_id)
    return voted.where(Idea.session_id == session_id).union(paired)


def voters_in(session_id: int) -> int:
    """How many different participants voted (or chose in pairs) in the session."""
    return db.session.scalar(select(func.count()).select_from(_voter_ids(session_id).subquery()))


def voter_groups(session: BrainstormSession) -> dict[int, str]:
    """Participant → group for consensus: their level, small levels merged into "other levels".

    Only people who voted count; a group still under k after merging is left out.
    """
    rows = db.session.execute(
        select(Participant.id, Participant.level_id).where(
            Participant.session_id == session.id,
            Participant.id.in_(_voter_ids(session.id)),
        )
    ).all()
    by_level = defaultdict(list)
    for participant_id, level_id in rows:
        by_level[level_id].append(participant_id)
    k = min_group()
    groups, others = {}, []
    for level_id, members in by_level.items():
        if len(members) >= k:
            groups.update(dict.fromkeys(members, f"level:{level_id}"))
        else:
            others += members
    if len(others) >= k:
        groups.update(dict.fromkeys(others, "other levels"))
    return groups


def consensus_by_idea(session: BrainstormSession, idea_ids: list[int]) -> dict[int, float]:
    """Each idea's cross-level consensus; empty when fewer than two groups took part."""
    groups = voter_groups(session)
    sizes = defaultdict(int)
    for group in groups.values():
        sizes[group] += 1
    if len(sizes) < 2:
        return {}
    support = defaultdict(lambda: defaultdict(set))
    for idea_id, participant_id in _supporters(session):
        group = groups.get(participant_id)
        if group is not None:
            support[idea_id][group].add(participant_id)
    return {
        idea_id: scores.group_consensus(
            {group: (len(support[idea_id][group]), size) for group, size in sizes.items()}
        )
        for idea_id in idea_ids
    }


def _supporters(session: BrainstormSession) -> list[tuple[int, int]]:
    """(idea, participant) for each participant who supports an idea in this mode."""
    if session.voting_mode == "pairwise":
        return db.session.execute(
            select(PairChoice.winner_id, PairChoice.participant_id)
            .where(PairChoice.session_id == session.id, PairChoice.winner_id.is_not(None))
            .distinct()
        ).all()
    query = (
        select(Vote.idea_id, Vote.participant_id)
        .join(Idea, Idea.id == Vote.idea_id)
        .where(Idea.session_id == session.id)
    )
    if session.voting_mode == "stars":
        query = query.where(Vote.value >= STAR_SUPPORT)
    return db.session.execute(query).all()


def ranking_for_participant(session: BrainstormSession) -> list[RankedIdea]:
    """The ranking, if the facilitator has published results to participants."""
    if session.phase not in RESULT_PHASES:
        raise Forbidden(messages.RESULTS_NOT_YET, code="results_not_ready")
    if not session.results_public:
        raise Forbidden(messages.RESULTS_PRIVATE, code="results_private")
    return rank_ideas(session)
