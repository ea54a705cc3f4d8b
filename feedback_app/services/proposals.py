"""Candidate standards across sessions, ranked for managers, with their support per level.

Scores come from scored_standards and level groups from session_breakdown, so the same rules
apply as on each session's pages: only sessions of at least k participants take part, and
each level group stands for at least k people.
"""

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func, select

from feedback_app.extensions import db
from feedback_app.messages import PROTOCOL_STAGE_LABELS
from feedback_app.models import ClusterMember, Idea, IdeaCluster, IdeaStatus
from feedback_app.services import scores
from feedback_app.services.clustering import latest_run
from feedback_app.services.levels import list_levels
from feedback_app.services.standards import ScoredStandard, scored_standards
from feedback_app.services.workspace import SessionFigures

HEAT_SHADES = 4


@dataclass(frozen=True)
class GroupSupport:
    """A standard's votes from one level group of its session, and the shade of their rate."""

    name: str
    participants: int
    votes: int
    shade: int


@dataclass(frozen=True)
class Proposal:
    """One ranked candidate standard with its session, its ideas' votes and its level groups."""

    rank: int
    tied: bool
    scored: ScoredStandard
    figures: SessionFigures
    idea_votes: list[tuple[Idea, int]]
    groups: dict[str, GroupSupport]


@dataclass(frozen=True)
class ProposalRanking:
    """The ranked proposals, the level group names in order, and how many sessions were too
    small to take part."""

    proposals: list[Proposal]
    group_names: list[str]
    sessions_too_small: int


def ranked_proposals(figures: list[SessionFigures], stage: str | None = None) -> ProposalRanking:
    """Candidate standards of the sessions of at least k people, best score first."""
    found = []
    for item in figures:
        if not item.shown:
            continue
        for scored in scored_standards(item.session):
            if stage is None or scored.standard.protocol_stage == stage:
                found.append((scored, item))
    found.sort(key=lambda pair: (-pair[0].score, -(pair[0].supporters or 0), pair[0].standard.id))
    ranks = scores.competition_ranks([float(scored.score) for scored, _ in found])
    raw = [
        (rank, tied, scored, item, _group_votes(scored, item))
        for (scored, item), (rank, tied) in zip(found, ranks, strict=True)
    ]
    highest = max(
        (votes / size for *_, groups in raw for size, votes in groups.values() if size),
        default=0,
    )
    proposals = [
        Proposal(
            rank,
            tied,
            scored,
            item,
            _idea_votes(scored, item),
            {
                name: GroupSupport(name, size, votes, _shade(votes / size, highest))
                for name, (size, votes) in groups.items()
            },
        )
        for rank, tied, scored, item, groups in raw
    ]
    names = {name for proposal in proposals for name in proposal.groups}
    return ProposalRanking(
        proposals, _in_level_order(names), sum(1 for item in figures if not item.shown)
    )


def _group_votes(scored: ScoredStandard, item: SessionFigures) -> dict[str, tuple[int, int]]:
    """Group name → (participants, votes for the standard's ideas from that group)."""
    ids = {idea.id for idea in scored.ideas}
    votes = defaultdict(int)
    for row in item.breakdown.ideas:
        if row.idea_id in ids:
            for key, count in row.votes_by_group.items():
                votes[key] += count
    return {group.name: (group.participants, votes[group.key]) for group in item.groups}


def _idea_votes(scored: ScoredStandard, item: SessionFigures) -> list[tuple[Idea, int]]:
    per_idea = {row.idea_id: row.votes for row in item.breakdown.ideas}
    pairs = [(idea, per_idea.get(idea.id, 0)) for idea in scored.ideas]
    return sorted(pairs, key=lambda pair: (-pair[1], pair[0].id))


def _shade(rate: float, highest: float) -> int:
    return round(HEAT_SHADES * rate / highest) if highest else 0


def _in_level_order(names: set[str]) -> list[str]:
    """Level names in the organisation's order, then the rest ("Level not given", pools)."""
    order = [level.name for level in list_levels(include_retired=True)]
    known = [name for name in order if name in names]
    return known + sorted(names - set(known), key=lambda name: (name == "Other levels", name))


def ideas_per_stage(figures: list[SessionFigures]) -> list[tuple[str, int]]:
    """Visible ideas in the themes of each session's newest finished run, per protocol stage
    (sessions under k are left out), in the stages' usual order."""
    counts = defaultdict(int)
    for item in figures:
        run = latest_run(item.session, finished=True) if item.shown else None
        if run is None:
            continue
        rows = db.session.execute(
            select(IdeaCluster.protocol_stage, func.count(ClusterMember.idea_id))
            .join(ClusterMember, ClusterMember.cluster_id == IdeaCluster.id)
            .join(Idea, Idea.id == ClusterMember.idea_id)
            .where(IdeaCluster.run_id == run.id, Idea.status == IdeaStatus.VISIBLE.value)
            .group_by(IdeaCluster.protocol_stage)
        )
        for stage, count in rows:
            counts[stage] += int(count)
    order = list(PROTOCOL_STAGE_LABELS)
    return sorted(counts.items(), key=lambda pair: order.index(pair[0]) if pair[0] in order else 99)
