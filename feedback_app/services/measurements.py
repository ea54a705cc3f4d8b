"""Whether the standard is met: objectives' measured values against their targets, month by
month and per team, and the next brainstorming session for a target that is missed.

Values are entered by managers with their source (till records, a timed spot check), or
computed where the objective is measured from mystery shopping or customer surveys
(services/readings says which answers count and how), or both. The status of an objective is
read from its latest month: on track when the value meets the target, at risk when it falls
short by at most a tenth of the target, missed beyond that (or when the review date has passed
without meeting it), not measured without values.
"""

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from feedback_app import messages
from feedback_app.clock import utc_now
from feedback_app.errors import DomainError, NotFound, ValidationFailed
from feedback_app.extensions import db
from feedback_app.models import (
    BrainstormSession,
    CandidateStandard,
    Measurement,
    Objective,
    Team,
    User,
)
from feedback_app.models.measurements import SOURCE_MAX
from feedback_app.services import audit
from feedback_app.services.decisions import ensure_can_decide
from feedback_app.services.readings import Reading, computed_readings, month_of
from feedback_app.services.sessions import create_session
from feedback_app.services.teams import get_team
from feedback_app.services.text.protocol import PROTOCOL_STAGES

STATUSES = ("on_track", "at_risk", "missed", "not_measured")
AT_RISK_SHARE = 0.10  # short of the target by at most this share of it: at risk, not missed
VALUE_LIMIT = 1e12


@dataclass(frozen=True)
class TrendPoint:
    """The mean of the values measured in one month, and how many of them were computed."""

    month: date
    value: float
    count: int
    computed: int = 0  # survey answers or shoppers' scores; the rest were entered


@dataclass(frozen=True)
class TeamResult:
    """A team's latest month against the target."""

    team: Team
    current: float
    month: date
    status: str


@dataclass(frozen=True)
class Progress:
    """Where an objective stands: its current value, status and trend, overall and per team."""

    objective: Objective
    current: float | None
    month: date | None
    status: str
    trend: list[TrendPoint]
    teams: list[TeamResult] = field(default_factory=list)

    @property
    def standard(self) -> CandidateStandard:
        return self.objective.standard

    @property
    def latest(self) -> TrendPoint | None:
        """The latest month measured, with how many values it rests on."""
        return self.trend[-1] if self.trend else None


def meets(objective: Objective, value: float) -> bool:
    """Whether a value meets the objective's target, from above or from below."""
    if objective.direction == "at_most":
        return value <= objective.target
    return value >= objective.target


def status_of(objective: Objective, value: float | None, today: date | None = None) -> str:
    """on_track, at_risk, missed or not_measured for a current value."""
    if value is None:
        return "not_measured"
    if meets(objective, value):
        return "on_track"
    today = today or utc_now().date()
    if objective.review_date is not None and objective.review_date < today:
        return "missed"
    shortfall = abs(value - objective.target)
    allowed = abs(objective.target) * AT_RISK_SHARE
    return "at_risk" if shortfall <= allowed else "missed"


def _trend(readings: list[Reading]) -> list[TrendPoint]:
    by_month: dict[date, list[Reading]] = defaultdict(list)
    for reading in readings:
        by_month[month_of(reading.day)].append(reading)
    return [
        TrendPoint(
            month,
            sum(r.value for r in rows) / len(rows),
            len(rows),
            sum(1 for r in rows if r.computed),
        )
        for month, rows in sorted(by_month.items())
    ]


def readings(objective: Objective) -> list[Reading]:
    """Every value behind the objective: typed in, or computed from where it is measured."""
    found = [Reading(m.measured_on, m.value, m.team) for m in objective.measurements]
    return found + computed_readings(objective)


def progress(objective: Objective) -> Progress:
    """The objective's trend (every reading), its current value and status (the latest
    month), and each team's latest month."""
    values = readings(objective)
    trend = _trend(values)
    latest = trend[-1] if trend else None
    per_team: dict[int, list[Reading]] = defaultdict(list)
    for reading in values:
        if reading.team is not None:
            per_team[reading.team.id].append(reading)
    teams = []
    for rows in per_team.values():
        team_latest = _trend(rows)[-1]
        teams.append(
            TeamResult(
                rows[0].team,
                team_latest.value,
                team_latest.month,
                status_of(objective, team_latest.value),
            )
        )
    teams.sort(key=lambda result: result.team.name.lower())
    return Progress(
        objective,
        latest.value if latest else None,
        latest.month if latest else None,
        status_of(objective, latest.value if latest else None),
        trend,
        teams,
    )


def adopted_objectives() -> list[Objective]:
    """Objectives of the adopted standards, by protocol stage then standard, with what the
    dashboard reads loaded up front."""
    order = {stage: index for index, stage in enumerate(PROTOCOL_STAGES)}
    objectives = db.session.scalars(
        select(Objective)
        .join(CandidateStandard, CandidateStandard.id == Objective.standard_id)
        .where(CandidateStandard.status == "adopted")
        .options(
            selectinload(Objective.standard),
            selectinload(Objective.measurements).selectinload(Measurement.team),
        )
    ).all()
    return sorted(
        objectives,
        key=lambda o: (order.get(o.standard.protocol_stage, len(order)), o.standard.title, o.id),
    )


def dashboard() -> list[Progress]:
    """Every adopted objective with where it stands."""
    return [progress(objective) for objective in adopted_objectives()]


def get_objective(objective_id: int) -> Objective:
    """An objective of any standard, or NotFound."""
    objective = db.session.get(Objective, objective_id)
    if objective is None:
        raise NotFound(messages.OBJECTIVE_NOT_FOUND)
    return objective


def _clean(value, measured_on, source, team_id) -> dict:
    problems = {}
    if (
        isinstance(value, bool)
        or not isinstance(value, int | float)
        or not math.isfinite(value)
        or abs(value) > VALUE_LIMIT
    ):
        problems["value"] = messages.MEASUREMENT_VALUE_INVALID
    if not isinstance(measured_on, date) or measured_on > utc_now().date():
        problems["measured_on"] = messages.MEASUREMENT_DATE_INVALID
    text = source.strip() if isinstance(source, str) else ""
    if not 1 <= len(text) <= SOURCE_MAX:
        problems["source"] = messages.MEASUREMENT_SOURCE_INVALID.format(max=SOURCE_MAX)
    team = None
    if team_id is not None:
        try:
            team = get_team(team_id, allow_retired=True)
        except DomainError:
            problems["team_id"] = messages.MEASUREMENT_TEAM_UNKNOWN
    if problems:
        raise ValidationFailed(next(iter(problems.values())), fields=problems)
    return {"value": float(value), "measured_on": measured_on, "source": text, "team": team}


def record_measurement(
    objective: Objective,
    actor: User,
    *,
    value,
    measured_on,
    source,
    team_id: int | None = None,
) -> Measurement:
    """Record a measured value of an objective (a manager's, with where it comes from)."""
    ensure_can_decide(actor)
    clean = _clean(value, measured_on, source, team_id)
    measurement = Measurement(objective_id=objective.id, entered_by_id=actor.id, **clean)
    db.session.add(measurement)
    db.session.flush()
    audit.record(
        actor,
        "objective.measured",
        "standard",
        objective.standard_id,
        objective_id=objective.id,
        value=measurement.value,
        measured_on=measurement.measured_on.isoformat(),
        team=clean["team"].name if clean["team"] else None,
        source=measurement.source,
    )
    db.session.commit()
    return measurement


def next_session_prompt(item: Progress) -> str:
    """The question for the brainstorming session that should close a missed target."""
    objective = item.objective
    return messages.MISSED_TARGET_PROMPT.format(
        metric=objective.metric,
        direction=messages.OBJECTIVE_DIRECTION_LABELS[objective.direction],
        current=_figure(item.current),
        target=_figure(objective.target),
        unit=objective.unit,
        standard=objective.standard.title,
    )[:500]


def _figure(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:g}" if abs(value) < 1e6 else f"{value:,.0f}"


def session_for_missed_target(objective: Objective, actor: User) -> BrainstormSession:
    """One click: a draft session at the level the standard came from, its prompt filled in
    with the missed target, for the manager to open when ready."""
    ensure_can_decide(actor)
    item = progress(objective)
    standard = objective.standard
    origin = db.session.get(BrainstormSession, standard.session_id)
    session = create_session(
        actor,
        title=messages.MISSED_TARGET_TITLE.format(standard=standard.title)[:120],
        prompt=next_session_prompt(item),
        target_level_id=origin.target_level_id,
        language=origin.language,
    )
    audit.record(
        actor,
        "objective.session_created",
        "standard",
        standard.id,
        objective_id=objective.id,
        session_id=session.id,
        status=item.status,
    )
    db.session.commit()
    return session
