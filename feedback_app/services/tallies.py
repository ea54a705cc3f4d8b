"""What "votes" counts in each voting mode, in one place for the console, the projector, the
themes board, candidate standards and the ranking.

* upvote: up-votes; dots: dots; stars: ratings (how many people rated, not their stars);
* pairwise: wins (choices of the idea over another; skipped pairs count for neither).
"""

from sqlalchemy import func, select

from feedback_app.extensions import db
from feedback_app.models import BrainstormSession, Idea, IdeaStatus, PairChoice, Participant, Vote


def _mode(session_id: int) -> str:
    return db.session.scalar(
        select(BrainstormSession.voting_mode).where(BrainstormSession.id == session_id)
    )


def vote_counts(session_id: int, idea_ids: list[int]) -> dict[int, int]:
    """Each idea's count in the session's mode (ideas without any count 0)."""
    counts = dict.fromkeys(idea_ids, 0)
    if not idea_ids:
        return counts
    mode = _mode(session_id)
    if mode == "pairwise":
        query = (
            select(PairChoice.winner_id, func.count(PairChoice.id))
            .where(PairChoice.winner_id.in_(idea_ids))
            .group_by(PairChoice.winner_id)
        )
    else:
        measure = func.count(Vote.id) if mode == "stars" else func.coalesce(func.sum(Vote.value), 0)
        query = (
            select(Vote.idea_id, measure).where(Vote.idea_id.in_(idea_ids)).group_by(Vote.idea_id)
        )
    counts.update({idea_id: int(count) for idea_id, count in db.session.execute(query)})
    return counts


def counts_by_level(
    session_id: int, idea_ids: list[int], group_by=Participant.level_id
) -> dict[tuple[int, int | None], int]:
    """(idea, voter's level) → count in the session's mode, for the breakdown by level (or
    by the voter's team, with `group_by=Participant.team_id`)."""
    if not idea_ids:
        return {}
    mode = _mode(session_id)
    if mode == "pairwise":
        idea, counted = PairChoice.winner_id, func.count(PairChoice.id)
        voter = PairChoice.participant_id
    else:
        idea, voter = Vote.idea_id, Vote.participant_id
        counted = func.count(Vote.id) if mode == "stars" else func.coalesce(func.sum(Vote.value), 0)
    query = (
        select(idea, group_by, counted)
        .join(Participant, Participant.id == voter)
        .where(idea.in_(idea_ids))
        .group_by(idea, group_by)
    )
    return {
        (idea_id, level_id): int(count) for idea_id, level_id, count in db.session.execute(query)
    }


def votes_cast(session_id: int) -> int:
    """All the session's counts on visible ideas: up-votes, dots, ratings or pairwise choices."""
    mode = _mode(session_id)
    visible = (Idea.session_id == session_id, Idea.status == IdeaStatus.VISIBLE.value)
    if mode == "pairwise":
        query = (
            select(func.count(PairChoice.id))
            .join(Idea, Idea.id == PairChoice.winner_id)
            .where(*visible)
        )
    else:
        measure = func.coalesce(func.sum(Vote.value), 0) if mode == "dots" else func.count(Vote.id)
        query = select(measure).join(Idea, Idea.id == Vote.idea_id).where(*visible)
    return int(db.session.scalar(query) or 0)
