"""The managers' results workspace: sessions across levels, dates, phases and protocol stages.

k-anonymity holds on every figure: a session with fewer than k participants gives no numbers
here at all (it is listed as "fewer than k" and sorts after the others, whatever the order), its
levels come from session_breakdown (groups of at least k, small levels pooled), and a turnout
is shown only when neither those who voted nor those who did not are 1 … k-1 people.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from math import ceil

from sqlalchemy import exists, func, select

from feedback_app import messages
from feedback_app.errors import ValidationFailed
from feedback_app.extensions import db
from feedback_app.models import (
    BrainstormSession,
    CandidateStandard,
    ClusterRun,
    Idea,
    IdeaCluster,
    IdeaStatus,
    Participant,
    User,
)
from feedback_app.models.sessions import PHASES
from feedback_app.services.access import viewable_session
from feedback_app.services.breakdown import Breakdown, session_breakdown, voters_per_group
from feedback_app.services.privacy import min_group, share_if_safe
from feedback_app.services.ranking import RankedIdea, rank_ideas
from feedback_app.services.segments import sessions_concerning
from feedback_app.services.tallies import votes_cast
from feedback_app.services.team_breakdown import TeamGroup, group_votes_per_idea

SORTS = ("date", "participants", "ideas", "votes")
PAGE_SIZE = 20
COMPARE_MIN, COMPARE_MAX = 2, 4
TOP_IDEAS = 5
# Charts and proposals look at the newest sessions that match, so a page stays quick.
SESSIONS_ANALYSED = 50


@dataclass(frozen=True)
class Filters:
    """What a manager narrowed the workspace to, and the order of the overview."""

    level_id: int | None = None
    segment_id: int | None = None
    team_id: int | None = None
    created_from: date | None = None
    created_to: date | None = None
    phase: str | None = None
    stage: str | None = None
    sort: str = "date"
    descending: bool = True

    def __post_init__(self):
        if self.sort not in SORTS:
            _refuse("sort", messages.WORKSPACE_SORT_UNKNOWN)
        if self.phase is not None and self.phase not in PHASES:
            _refuse("phase", messages.WORKSPACE_PHASE_UNKNOWN)
        if self.created_from and self.created_to and self.created_from > self.created_to:
            _refuse("created_to", messages.WORKSPACE_DATES_REVERSED)


def _refuse(field_name: str, message: str):
    raise ValidationFailed(message, fields={field_name: message})


@dataclass(frozen=True)
class GroupFigures:
    """One level group of a session: at least k people, with its turnout when safe to show."""

    key: str
    name: str
    level_names: tuple[str, ...]
    participants: int
    ideas: int
    votes: int
    turnout: float | None


@dataclass(frozen=True)
class SessionFigures:
    """A session's totals and level groups; `shown` is False (and no numbers) under k."""

    session: BrainstormSession
    shown: bool
    participants: int | None = None
    ideas: int | None = None
    votes: int | None = None
    turnout: float | None = None
    groups: list[GroupFigures] = field(default_factory=list)
    breakdown: Breakdown | None = None
    team: "TeamFigures | None" = None


@dataclass(frozen=True)
class TeamFigures:
    """The team group a filtered-on team falls in, and its people per level group (None where
    the level × team cell cannot be shown safely)."""

    group: TeamGroup
    by_level: list[tuple[str, int | None]]


@dataclass(frozen=True)
class OverviewPage:
    """One page of the overview."""

    rows: list[SessionFigures]
    number: int
    pages: int
    total: int
    min_group: int


@dataclass(frozen=True)
class TeamIdea:
    """An idea among those the filtered-on team's group voted for most, with their votes."""

    rank: int
    text: str
    votes: int


@dataclass(frozen=True)
class ComparedSession:
    """A session beside others: its figures and its best ideas (none when under k); with a
    team, also the ideas that team's group voted for most."""

    figures: SessionFigures
    top: list[RankedIdea]
    team_top: list[TeamIdea] = field(default_factory=list)


def filtered_sessions(filters: Filters) -> list[BrainstormSession]:
    """Sessions that match the filters, newest first."""
    query = select(BrainstormSession).order_by(
        BrainstormSession.created_at.desc(), BrainstormSession.id.desc()
    )
    if filters.level_id is not None:
        query = query.where(BrainstormSession.target_level_id == filters.level_id)
    if filters.segment_id is not None:
        query = query.where(sessions_concerning(filters.segment_id))
    if filters.phase is not None:
        query = query.where(BrainstormSession.phase == filters.phase)
    if filters.created_from is not None:
        start = datetime.combine(filters.created_from, time.min)
        query = query.where(BrainstormSession.created_at >= start)
    if filters.created_to is not None:
        end = datetime.combine(filters.created_to + timedelta(days=1), time.min)
        query = query.where(BrainstormSession.created_at < end)
    if filters.stage is not None:
        query = query.where(_has_stage(filters.stage))
    return list(db.session.scalars(query))


def _has_stage(stage: str):
    """The session has a candidate standard, or a theme of its newest finished run, at the stage."""
    standard = exists().where(
        CandidateStandard.session_id == BrainstormSession.id,
        CandidateStandard.protocol_stage == stage,
    )
    newest = (
        select(func.max(ClusterRun.id))
        .where(ClusterRun.session_id == BrainstormSession.id, ClusterRun.status == "done")
        .correlate(BrainstormSession)
        .scalar_subquery()
    )
    theme = exists().where(IdeaCluster.run_id == newest, IdeaCluster.protocol_stage == stage)
    return standard | theme


def session_figures(session: BrainstormSession, team_id: int | None = None) -> SessionFigures:
    """Totals, turnout and level groups of one session, or nothing but "fewer than k"; with a
    team, also the team's group and its level × team cells."""
    breakdown = session_breakdown(session)
    if not breakdown.shown:
        return SessionFigures(session, False)
    k = breakdown.min_group
    voters = voters_per_group(session)
    groups = [
        GroupFigures(
            group.key,
            group.name,
            group.level_names,
            group.participants,
            group.ideas,
            group.votes,
            share_if_safe(voters.get(group.key, 0), group.participants, k),
        )
        for group in breakdown.groups
    ]
    return SessionFigures(
        session,
        True,
        participants=breakdown.participants,
        ideas=len(breakdown.ideas),
        votes=votes_cast(session.id),
        turnout=share_if_safe(sum(voters.values()), breakdown.participants, k),
        groups=groups,
        breakdown=breakdown,
        team=_team_figures(breakdown, team_id) if team_id is not None else None,
    )


def _team_figures(breakdown: Breakdown, team_id: int) -> TeamFigures | None:
    """The group the team is in (pooled or alone); None when nobody from it took part."""
    group = next((team for team in breakdown.teams if team_id in team.team_ids), None)
    if group is None:
        return None
    names = {level.key: level.name for level in breakdown.groups}
    cells = [
        (names[cell.level_key], cell.participants)
        for cell in breakdown.combinations
        if cell.team_key == group.key
    ]
    return TeamFigures(group, cells)


def overview(
    filters: Filters,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    known: dict[int, SessionFigures] | None = None,
) -> OverviewPage:
    """One page of the matching sessions in the asked order, with their figures (taken from
    `known` when already worked out)."""
    sessions = sort_sessions(filtered_sessions(filters), filters)
    pages = max(1, ceil(len(sessions) / page_size))
    if not isinstance(page, int) or not 1 <= page <= pages:
        text = messages.WORKSPACE_PAGE_MISSING.format(pages=pages)
        raise ValidationFailed(text, fields={"page": text})
    chosen = sessions[(page - 1) * page_size : page * page_size]
    known = known or {}
    rows = [
        known.get(session.id) or session_figures(session, filters.team_id) for session in chosen
    ]
    return OverviewPage(rows, page, pages, len(sessions), min_group())


def sort_sessions(sessions: list[BrainstormSession], filters: Filters) -> list[BrainstormSession]:
    """Order by date or by a count; sessions under k sort last (newest first), in any order,
    so their place in the list tells nothing about how small they are."""
    if filters.sort == "date":
        ordered = sorted(sessions, key=lambda s: (s.created_at, s.id))
        return ordered[::-1] if filters.descending else ordered
    ids = [session.id for session in sessions]
    people = _count_per_session(Participant.session_id, ids)
    k = min_group()
    if filters.sort == "participants":
        counts = people
    elif filters.sort == "ideas":
        counts = _count_per_session(Idea.session_id, ids, Idea.status == IdeaStatus.VISIBLE.value)
    else:
        counts = {s.id: votes_cast(s.id) for s in sessions if people.get(s.id, 0) >= k}
    shown = [s for s in sessions if people.get(s.id, 0) >= k]
    small = [s for s in sessions if people.get(s.id, 0) < k]
    shown.sort(key=lambda s: (counts.get(s.id, 0), s.created_at, s.id), reverse=filters.descending)
    small.sort(key=lambda s: (s.created_at, s.id), reverse=True)
    return shown + small


def _count_per_session(column, ids: list[int], *conditions) -> dict[int, int]:
    if not ids:
        return {}
    rows = db.session.execute(
        select(column, func.count()).where(column.in_(ids), *conditions).group_by(column)
    )
    return {session_id: int(count) for session_id, count in rows}


def compare_sessions(
    user: User, session_ids: list[int], team_id: int | None = None
) -> list[ComparedSession]:
    """Two to four sessions side by side: figures, level groups and their best ideas; with a
    team, the team's group (alone, or pooled when under k), its level × team cells (all or
    none, as in the breakdown) and the ideas its people voted for most."""
    unique = list(dict.fromkeys(session_ids))
    if not COMPARE_MIN <= len(unique) <= COMPARE_MAX:
        text = messages.WORKSPACE_COMPARE_COUNT.format(low=COMPARE_MIN, high=COMPARE_MAX)
        raise ValidationFailed(text, fields={"compare": text})
    compared = []
    for session_id in unique:
        figures = session_figures(viewable_session(user, session_id), team_id)
        top = rank_ideas(figures.session)[:TOP_IDEAS] if figures.shown else []
        compared.append(ComparedSession(figures, top, _team_top(figures)))
    return compared


def _team_top(figures: SessionFigures) -> list[TeamIdea]:
    """The visible ideas the team's group voted for, most votes first (ties in public-id
    order, not as written); none when nobody from the team took part or under k."""
    if figures.team is None or figures.breakdown is None:
        return []
    ideas = figures.breakdown.ideas
    votes = group_votes_per_idea(
        figures.session.id, [idea.idea_id for idea in ideas], figures.team.group
    )
    liked = sorted(
        (idea for idea in ideas if votes[idea.idea_id] > 0),
        key=lambda idea: (-votes[idea.idea_id], idea.public_id),
    )[:TOP_IDEAS]
    return [
        TeamIdea(
            1 + sum(votes[other.idea_id] > votes[idea.idea_id] for other in liked),
            idea.text,
            votes[idea.idea_id],
        )
        for idea in liked
    ]


def analysed_figures(filters: Filters) -> tuple[list[SessionFigures], int]:
    """Figures of the newest matching sessions (at most SESSIONS_ANALYSED), for the charts
    and the proposals, and how many matching sessions were left out."""
    sessions = filtered_sessions(filters)
    return [session_figures(s, filters.team_id) for s in sessions[:SESSIONS_ANALYSED]], max(
        0, len(sessions) - SESSIONS_ANALYSED
    )


def turnout_series(figures: list[SessionFigures]) -> list[tuple[BrainstormSession, float]]:
    """(session, turnout) oldest first, for the sessions whose turnout may be shown."""
    known = [(item.session, item.turnout) for item in figures if item.turnout is not None]
    return sorted(known, key=lambda pair: (pair[0].created_at, pair[0].id))
