"""Scores from mystery-shopping visits: per team or location, per protocol stage, per
procedure step, per period, and the trend over visits.

Every answer is a score from 0 to 1 (yes 1, partly 0.5, no 0; 1 to 5 as 0, 0.25 … 1); items
left out as not observed count nowhere. A visit's score is the mean of its answers; a team's
score the mean of its visits' scores; a stage's or step's score the mean of its answers.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from statistics import fmean

from sqlalchemy import select

from feedback_app import messages
from feedback_app.errors import ValidationFailed
from feedback_app.extensions import db
from feedback_app.messages import PROTOCOL_STAGE_LABELS
from feedback_app.models import ChecklistItem, Team, Visit, VisitAnswer

PERIODS = ("week", "month", "quarter")
_STAGE_ORDER = {stage: index for index, stage in enumerate(PROTOCOL_STAGE_LABELS)}


@dataclass(frozen=True)
class AnswerRow:
    """One scored answer with what it belongs to."""

    visit_id: int
    team_id: int
    team_name: str
    visited_on: date
    protocol_stage: str
    stage_label: str
    standard_title: str
    text: str
    score: float
    position: int  # the item's place on its checklist


@dataclass(frozen=True)
class StageScore:
    """The mean score of one team's answers in one protocol stage over one period."""

    team_id: int
    team_name: str
    protocol_stage: str
    stage_label: str
    period: str  # "2026-11", "2026-W48" or "2026-Q4"
    period_start: date
    score: float
    answers: int
    visits: int


@dataclass(frozen=True)
class Figure:
    """A score with what it is of and how many answers or visits it rests on."""

    label: str
    score: float
    count: int
    key: str = ""
    detail: str = ""


@dataclass(frozen=True)
class TrendPoint:
    """One visit on the trend: its day, its team and its score."""

    visit_id: int
    visited_on: date
    team_name: str
    score: float


@dataclass(frozen=True)
class Overview:
    """What the managers' scores page shows."""

    teams: list[Figure]
    stages: list[Figure]
    steps: list[Figure]
    trend: list[TrendPoint]
    visit_scores: dict[int, float]


def answer_rows(
    *, team_ids: Iterable[int] | None = None, since: date | None = None, until: date | None = None
) -> list[AnswerRow]:
    """Every scored answer (of these teams, between these days), oldest visit first."""
    query = (
        select(
            Visit.id,
            Visit.team_id,
            Team.name,
            Visit.visited_on,
            ChecklistItem.protocol_stage,
            ChecklistItem.stage_label,
            ChecklistItem.standard_title,
            ChecklistItem.text,
            VisitAnswer.score,
            ChecklistItem.position,
        )
        .join(VisitAnswer, VisitAnswer.visit_id == Visit.id)
        .join(ChecklistItem, ChecklistItem.id == VisitAnswer.item_id)
        .join(Team, Team.id == Visit.team_id)
        .order_by(Visit.visited_on, Visit.id, ChecklistItem.position)
    )
    if team_ids is not None:
        query = query.where(Visit.team_id.in_(list(team_ids)))
    if since is not None:
        query = query.where(Visit.visited_on >= since)
    if until is not None:
        query = query.where(Visit.visited_on <= until)
    # Core rows, not ORM ones: a few times faster over thousands of answers.
    return [AnswerRow(*row) for row in db.session.connection().execute(query)]


def period_of(day: date, period: str) -> tuple[str, date]:
    """The name and first day of the week (ISO), month or quarter a day falls in."""
    if period == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}", day - timedelta(days=day.weekday())
    if period == "month":
        return f"{day.year}-{day.month:02d}", day.replace(day=1)
    if period == "quarter":
        quarter = (day.month - 1) // 3
        return f"{day.year}-Q{quarter + 1}", date(day.year, quarter * 3 + 1, 1)
    raise ValidationFailed(
        messages.VISIT_PERIOD_UNKNOWN, fields={"period": messages.VISIT_PERIOD_UNKNOWN}
    )


def stage_scores(
    *,
    period: str = "month",
    team_ids: Iterable[int] | None = None,
    since: date | None = None,
    until: date | None = None,
) -> list[StageScore]:
    """Scores per team, per protocol stage and per period: what objective measurements are
    computed from. Sorted by team name, stage (protocol order, then other areas) and period."""
    period_of(date.min, period)  # refuse an unknown period before reading anything
    groups: dict[tuple, list[AnswerRow]] = defaultdict(list)
    for row in answer_rows(team_ids=team_ids, since=since, until=until):
        name, start = period_of(row.visited_on, period)
        groups[(row.team_id, row.protocol_stage, name, start)].append(row)
    scores = [
        StageScore(
            team_id=team_id,
            team_name=rows[0].team_name,
            protocol_stage=stage,
            stage_label=rows[0].stage_label,
            period=name,
            period_start=start,
            score=fmean(row.score for row in rows),
            answers=len(rows),
            visits=len({row.visit_id for row in rows}),
        )
        for (team_id, stage, name, start), rows in groups.items()
    ]
    return sorted(
        scores,
        key=lambda s: (s.team_name, _stage_rank(s.protocol_stage), s.period_start),
    )


def _stage_rank(stage: str) -> tuple[int, str]:
    return _STAGE_ORDER.get(stage, len(_STAGE_ORDER)), stage


def _visit_scores(rows: list[AnswerRow]) -> dict[int, float]:
    per_visit: dict[int, list[float]] = defaultdict(list)
    for row in rows:
        per_visit[row.visit_id].append(row.score)
    return {visit_id: fmean(scores) for visit_id, scores in per_visit.items()}


def overview(team_id: int | None = None) -> Overview:
    """Scores per team, per protocol stage and per step, and each visit's score in order."""
    rows = answer_rows(team_ids=[team_id] if team_id is not None else None)
    visit_scores = _visit_scores(rows)
    first_row = {}
    for row in rows:
        first_row.setdefault(row.visit_id, row)
    per_team: dict[tuple[str, int], list[float]] = defaultdict(list)
    for visit_id, score in visit_scores.items():
        per_team[(first_row[visit_id].team_name, first_row[visit_id].team_id)].append(score)
    teams = [
        Figure(name, fmean(scores), len(scores), key=str(id_))
        for (name, id_), scores in sorted(per_team.items())
    ]
    stage_rows: dict[str, list[AnswerRow]] = defaultdict(list)
    step_rows: dict[tuple, list[AnswerRow]] = defaultdict(list)
    for row in rows:
        stage_rows[row.protocol_stage].append(row)
        step_rows[(row.protocol_stage, row.standard_title, row.text)].append(row)
    stages = [
        Figure(group[0].stage_label, fmean(r.score for r in group), len(group), key=stage)
        for stage, group in sorted(stage_rows.items(), key=lambda item: _stage_rank(item[0]))
    ]
    steps = [
        Figure(text, fmean(r.score for r in group), len(group), key=stage, detail=title)
        for (stage, title, text), group in sorted(
            step_rows.items(),
            key=lambda item: (_stage_rank(item[0][0]), min(r.position for r in item[1])),
        )
    ]
    trend = [
        TrendPoint(visit_id, first_row[visit_id].visited_on, first_row[visit_id].team_name, score)
        for visit_id, score in visit_scores.items()
    ]
    return Overview(teams, stages, steps, trend, visit_scores)
