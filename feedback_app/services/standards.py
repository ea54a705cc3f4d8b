"""Candidate standards: promote a theme into a draft standard that managers can rank."""

from dataclasses import dataclass

from sqlalchemy import select

from feedback_app import messages
from feedback_app.errors import Conflict
from feedback_app.extensions import db
from feedback_app.messages import PROTOCOL_STAGE_LABELS
from feedback_app.models import BrainstormSession, CandidateStandard, Idea, IdeaCluster, IdeaStatus
from feedback_app.models.standards import STATEMENT_MAX
from feedback_app.services.ranking import supporter_count, vote_totals

KEY_PHRASES_IN_STATEMENT = 3


@dataclass(frozen=True)
class ScoredStandard:
    """A candidate standard with the votes behind it."""

    standard: CandidateStandard
    votes: int
    supporters: int
    idea_count: int

    @property
    def score(self) -> int:
        """Ranking score: total votes of the ideas behind the standard."""
        return self.votes


def draft_statement(label: str, keywords: list[str], stage: str, idea_count: int) -> str:
    """A first wording from the theme's key phrases, for a manager to make measurable."""
    phrases = [p for p in keywords if " " in p and p.lower() != label.lower()]
    stage_text = PROTOCOL_STAGE_LABELS.get(stage, PROTOCOL_STAGE_LABELS["other"])
    statement = f"{stage_text}: {label[:1].upper()}{label[1:]}."
    if phrases:
        statement += (
            " Key points from staff: " + "; ".join(phrases[:KEY_PHRASES_IN_STATEMENT]) + "."
        )
    noun = "idea" if idea_count == 1 else "ideas"
    return f"{statement} Based on {idea_count} staff {noun}."[:STATEMENT_MAX]


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
    standard = CandidateStandard(
        session_id=session.id,
        source_cluster_id=cluster.id,
        title=label[:1].upper() + label[1:],
        statement=draft_statement(
            label, list(cluster.keywords), cluster.protocol_stage, len(ideas)
        ),
        protocol_stage=cluster.protocol_stage,
        ideas=ideas,
    )
    db.session.add(standard)
    db.session.commit()
    return standard


def score_standard(standard: CandidateStandard) -> ScoredStandard:
    """Attach the votes and supporters of the ideas behind a standard."""
    ids = [idea.id for idea in standard.ideas if idea.status == IdeaStatus.VISIBLE.value]
    return ScoredStandard(standard, sum(vote_totals(ids).values()), supporter_count(ids), len(ids))


def scored_standards(session: BrainstormSession) -> list[ScoredStandard]:
    """A session's candidate standards, best supported first (ties: oldest first)."""
    query = select(CandidateStandard).where(CandidateStandard.session_id == session.id)
    scored = [score_standard(s) for s in db.session.scalars(query.order_by(CandidateStandard.id))]
    return sorted(scored, key=lambda item: (-item.score, -item.supporters, item.standard.id))
