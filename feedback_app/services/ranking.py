"""Ranking: visible ideas ordered by votes, ties broken the same way every time."""

from dataclasses import dataclass

from sqlalchemy import func, select

from feedback_app import messages
from feedback_app.errors import Forbidden
from feedback_app.extensions import db
from feedback_app.models import BrainstormSession, Idea, IdeaStatus, Vote

RESULT_PHASES = ("results", "closed")


@dataclass(frozen=True)
class RankedIdea:
    """One line of the ranking."""

    idea_id: int
    text: str
    votes: int
    rank: int

    def as_dict(self) -> dict:
        """Return the JSON shape of the API."""
        return {"idea_id": self.idea_id, "text": self.text, "votes": self.votes, "rank": self.rank}


def rank_ideas(session: BrainstormSession) -> list[RankedIdea]:
    """Rank by votes (most first), then by earlier idea, then by id: deterministic."""
    votes = func.coalesce(func.sum(Vote.value), 0).label("votes")
    rows = db.session.execute(
        select(Idea.id, Idea.text, votes)
        .outerjoin(Vote, Vote.idea_id == Idea.id)
        .where(Idea.session_id == session.id, Idea.status == IdeaStatus.VISIBLE.value)
        .group_by(Idea.id, Idea.text, Idea.created_at)
        .order_by(votes.desc(), Idea.created_at, Idea.id)
    ).all()
    return [
        RankedIdea(idea_id=row.id, text=row.text, votes=int(row.votes), rank=position)
        for position, row in enumerate(rows, start=1)
    ]


def ranking_for_participant(session: BrainstormSession) -> list[RankedIdea]:
    """The ranking, if the facilitator has published results to participants."""
    if session.phase not in RESULT_PHASES:
        raise Forbidden(messages.RESULTS_NOT_YET, code="results_not_ready")
    if not session.results_public:
        raise Forbidden(messages.RESULTS_PRIVATE, code="results_private")
    return rank_ideas(session)


def vote_totals(idea_ids: list[int]) -> dict[int, int]:
    """Votes per idea for any set of ideas (ideas without votes count 0)."""
    if not idea_ids:
        return {}
    rows = db.session.execute(
        select(Vote.idea_id, func.coalesce(func.sum(Vote.value), 0))
        .where(Vote.idea_id.in_(idea_ids))
        .group_by(Vote.idea_id)
    ).all()
    totals = dict.fromkeys(idea_ids, 0)
    totals.update({idea_id: int(votes) for idea_id, votes in rows})
    return totals
