"""What an export holds, gathered from the services that already compute it.

Nothing here ranks, scores or counts by itself: the ranking comes from `ranking.rank_ideas`,
the candidate standards from `standards.scored_standards` and every number per level from
`breakdown.session_breakdown`, which pools levels under k. Only what those give is exported,
plus the session's facts with dates to the day. Never a token, a token hash, a participant id,
a ballot card or a time of day.
"""

from dataclasses import dataclass
from datetime import date

from feedback_app.models import BrainstormSession
from feedback_app.services.breakdown import Breakdown, session_breakdown
from feedback_app.services.ranking import RankedIdea, rank_ideas
from feedback_app.services.sessions import participant_count
from feedback_app.services.standards import ScoredStandard, scored_standards

SCORE_DIGITS = 4  # enough to tell ranks apart (scores.TIE_DIGITS is 9, ties are marked anyway)


@dataclass(frozen=True)
class SessionFacts:
    """What the session was: its question, level, phase and mode, with the day it began."""

    session_id: int
    title: str
    prompt: str
    target_level: str
    phase: str
    voting_mode: str
    participants: int
    created_on: date


@dataclass(frozen=True)
class IdeaRow:
    """One ranked idea, with its votes per level group (empty when there is no breakdown)."""

    idea_id: str  # the idea's public id: integer keys never leave the server
    rank: int
    tied: bool
    text: str
    votes: int
    score: float
    consensus: float | None
    votes_by_group: dict[str, int]


@dataclass(frozen=True)
class SessionContent:
    """Everything an export of one session shows."""

    facts: SessionFacts
    ideas: list[IdeaRow]
    standards: list[ScoredStandard]
    breakdown: Breakdown


def session_facts(session: BrainstormSession) -> SessionFacts:
    """The session's facts; its start as a date only (a time of day could single people out)."""
    return SessionFacts(
        session_id=session.id,
        title=session.title,
        prompt=session.prompt,
        target_level=session.target_level.name,
        phase=session.phase,
        voting_mode=session.voting_mode,
        participants=participant_count(session),
        created_on=session.created_at.date(),
    )


def idea_rows(ranked: list[RankedIdea], breakdown: Breakdown) -> list[IdeaRow]:
    """Join the ranking with the breakdown's per-group votes (only groups of k or more)."""
    per_group = {row.idea_id: row.votes_by_group for row in breakdown.ideas}
    return [
        IdeaRow(
            idea_id=item.public_id,
            rank=item.rank,
            tied=item.tied,
            text=item.text,
            votes=item.votes,
            score=round(item.score, SCORE_DIGITS),
            consensus=None if item.consensus is None else round(item.consensus, SCORE_DIGITS),
            votes_by_group=dict(per_group.get(item.idea_id, {})) if breakdown.shown else {},
        )
        for item in ranked
    ]


def collect(session: BrainstormSession) -> SessionContent:
    """Gather one session's export from the ranking, standards and breakdown services."""
    breakdown = session_breakdown(session)
    return SessionContent(
        facts=session_facts(session),
        ideas=idea_rows(rank_ideas(session), breakdown),
        standards=scored_standards(session),
        breakdown=breakdown,
    )


def group_columns(breakdowns: list[Breakdown]) -> list[str]:
    """The names of the level groups of every session, in first-seen order (one column each)."""
    names: list[str] = []
    for breakdown in breakdowns:
        for group in breakdown.groups:
            if group.name not in names:
                names.append(group.name)
    return names


def votes_by_group_name(row: IdeaRow, breakdown: Breakdown) -> dict[str, int]:
    """An idea's votes per group, keyed by the group's name rather than its key."""
    names = {group.key: group.name for group in breakdown.groups}
    return {names[key]: count for key, count in row.votes_by_group.items() if key in names}
