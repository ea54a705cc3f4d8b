"""Candidate standards: promote a theme into a draft standard that managers can rank."""

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from feedback_app import messages
from feedback_app.errors import Conflict
from feedback_app.extensions import db
from feedback_app.messages import PROTOCOL_STAGE_LABELS
from feedback_app.models import (
    BrainstormSession,
    CandidateStandard,
    Idea,
    IdeaCluster,
    IdeaStatus,
    PairChoice,
    Vote,
)
from feedback_app.models.standards import STATEMENT_MAX, STEP_MAX, candidate_standard_ideas
from feedback_app.services import scores
from feedback_app.services.privacy import min_group, shown_if_at_least
from feedback_app.services.ranking import voter_groups, voters_in
from feedback_app.services.tallies import vote_counts
from feedback_app.services.text.statements import standard_statement

DRAFT_STEPS = 3  # steps drafted from the theme's other ideas


@dataclass(frozen=True)
class ScoredStandard:
    """A candidate standard with the visible ideas behind it and their votes."""

    standard: CandidateStandard
    ideas: list[Idea]
    votes: int
    # Different people behind its ideas; None when fewer than k (k-anonymity: with "2 votes"
    # beside "1 supporter" anyone could tell one person voted for both ideas).
    supporters: int | None
    # The 95 % range of the share of the session's voters who support it (None under k), and
    # how much the levels agree on it (None with fewer than two groups of k voters).
    support: tuple[float, float] | None = None
    consensus: float | None = None

    @property
    def idea_count(self) -> int:
        """How many visible ideas stand behind the standard (hidden and merged ones do not)."""
        return len(self.ideas)

    @property
    def score(self) -> int:
        """Ranking score: total votes of the ideas behind the standard."""
        return self.votes


def draft_statement(label: str, stage: str, representative: str | None) -> str:
    """A first wording like a policy, from the theme's most representative idea ("Staff greet
    every customer within 10 seconds."); from the label when the theme has none."""
    statement = standard_statement(representative or "")
    if not statement:
        stage_text = PROTOCOL_STAGE_LABELS.get(stage, PROTOCOL_STAGE_LABELS["other"])
        statement = f"{stage_text}: {label[:1].upper()}{label[1:]}."
    return statement[:STATEMENT_MAX]


def draft_procedures(ideas: list[Idea], representative: Idea | None) -> str:
    """First steps to take, from the other ideas of the theme (at most three), as written."""
    steps = []
    for idea in ideas:
        if idea is representative or idea.status != IdeaStatus.VISIBLE.value:
            continue
        text = " ".join(idea.text.split())[:STEP_MAX].rstrip(" .")
        steps.append(f"{text[:1].upper()}{text[1:]}.")
        if len(steps) == DRAFT_STEPS:
            break
    return "\n".join(steps)


def promote_cluster(cluster: IdeaCluster, session: BrainstormSession) -> CandidateStandard:
    """Create a candidate standard from a theme and the ideas behind it."""
    if cluster.is_other:
        raise Conflict(messages.PROMOTE_OTHER, code="promote_other")
    already = select(CandidateStandard.id).where(CandidateStandard.source_cluster_id == cluster.id)
    if db.session.scalar(already) is not None:
        raise Conflict(messages.PROMOTED_ALREADY, code="promoted_already")
    ids = [m.idea_id for m in cluster.members]
    ideas = list(db.session.scalars(select(Idea).where(Idea.id.in_(ids)).order_by(Idea.id)))
    label = cluster.label.strip()
    representative = next((i for i in ideas if i.id == cluster.representative_idea_id), None)
    standard = CandidateStandard(
        session_id=session.id,
        source_cluster_id=cluster.id,
        title=label[:1].upper() + label[1:],
        statement=draft_statement(
            label, cluster.protocol_stage, representative.text if representative else None
        ),
        protocol_stage=cluster.protocol_stage,
        procedures=draft_procedures(ideas, representative),
        ideas=ideas,
    )
    db.session.add(standard)
    db.session.commit()
    return standard


def _visible(standard: CandidateStandard) -> list[Idea]:
    return [idea for idea in standard.ideas if idea.status == IdeaStatus.VISIBLE.value]


def _supporters_by_standard(standard_ids: list[int]) -> dict[int, set[int]]:
    """The participants behind each standard's visible ideas (voters, or pairwise choosers)."""
    link = candidate_standard_ideas
    voters = select(Vote.idea_id.label("idea_id"), Vote.participant_id.label("participant_id"))
    choosers = select(
        PairChoice.winner_id.label("idea_id"), PairChoice.participant_id.label("participant_id")
    ).where(PairChoice.winner_id.is_not(None))
    support = voters.union_all(choosers).subquery()
    rows = db.session.execute(
        select(link.c.standard_id, support.c.participant_id)
        .join(support, support.c.idea_id == link.c.idea_id)
        .join(Idea, Idea.id == link.c.idea_id)
        .where(link.c.standard_id.in_(standard_ids), Idea.status == IdeaStatus.VISIBLE.value)
        .distinct()
    ).all()
    found: dict[int, set[int]] = {}
    for standard_id, participant_id in rows:
        found.setdefault(standard_id, set()).add(participant_id)
    return found


def _support_and_consensus(standard: CandidateStandard, people: set[int], k: int, cache: dict):
    """The Wilson range of the share of the session's voters behind the standard, and the
    levels' consensus on it; a range about fewer than k supporters is not given."""
    if standard.session_id not in cache:
        groups = voter_groups(standard.session)
        cache[standard.session_id] = (groups, voters_in(standard.session_id))
    groups, voters = cache[standard.session_id]
    support = scores.wilson_interval(len(people), voters) if len(people) >= k else None
    sizes: dict[str, int] = {}
    for group in groups.values():
        sizes[group] = sizes.get(group, 0) + 1
    consensus = None
    if len(sizes) >= 2:
        agree: dict[str, int] = dict.fromkeys(sizes, 0)
        for participant_id in people:
            if participant_id in groups:
                agree[groups[participant_id]] += 1
        consensus = scores.group_consensus({g: (agree[g], sizes[g]) for g in sizes})
    return support, consensus


def score_all(standards: list[CandidateStandard]) -> list[ScoredStandard]:
    """Attach the visible ideas, votes and supporters of each standard; votes are counted in
    the mode of each idea's own session (a merged standard may hold ideas of several)."""
    visible = {standard.id: _visible(standard) for standard in standards}
    by_session: dict[int, list[int]] = {}
    for ideas in visible.values():
        for idea in ideas:
            by_session.setdefault(idea.session_id, []).append(idea.id)
    votes: dict[int, int] = {}
    for session_id, idea_ids in by_session.items():
        votes |= vote_counts(session_id, idea_ids)
    people = _supporters_by_standard([standard.id for standard in standards])
    k = min_group()
    cache: dict = {}
    scored = []
    for standard in standards:
        behind = people.get(standard.id, set())
        support, consensus = _support_and_consensus(standard, behind, k, cache)
        scored.append(
            ScoredStandard(
                standard,
                visible[standard.id],
                sum(votes[idea.id] for idea in visible[standard.id]),
                shown_if_at_least(len(behind), k),
                support,
                consensus,
            )
        )
    return scored


def score_standard(standard: CandidateStandard) -> ScoredStandard:
    """Attach the visible ideas, votes and supporters of one standard."""
    return score_all([standard])[0]


def scored_standards(session: BrainstormSession) -> list[ScoredStandard]:
    """A session's candidate standards, best supported first (ties: oldest first).

    A fixed number of queries whatever the number of standards: ideas come with them.
    """
    query = (
        select(CandidateStandard)
        .where(
            CandidateStandard.session_id == session.id, CandidateStandard.merged_into_id.is_(None)
        )
        .options(selectinload(CandidateStandard.ideas))
        .order_by(CandidateStandard.id)
    )
    scored = score_all(list(db.session.scalars(query)))
    return sorted(scored, key=lambda item: (-item.score, -(item.supporters or 0), item.standard.id))
