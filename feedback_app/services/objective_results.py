"""The latest result of an objective as a team page shows it: the team's own latest month when
it was measured for the team, else the whole organisation's (services.measurements)."""

from dataclasses import dataclass
from datetime import date

from feedback_app import messages
from feedback_app.models import Objective, Team
from feedback_app.services.measurements import progress


@dataclass(frozen=True)
class MeasuredResult:
    """An objective's latest month: the value in its unit, which month, for whom, and status."""

    value: float
    unit: str
    month: date
    measured_for: str  # "your team" or "the whole organisation", for people
    status: str


def latest_result(objective: Objective, team: Team | None = None) -> MeasuredResult | None:
    """The team's latest month, else the organisation's, else None (not measured yet)."""
    item = progress(objective)
    for result in item.teams:
        if team is not None and result.team.id == team.id:
            return MeasuredResult(
                result.current, objective.unit, result.month, messages.FOR_YOUR_TEAM, result.status
            )
    if item.current is None:
        return None
    return MeasuredResult(
        item.current, objective.unit, item.month, messages.FOR_EVERYONE, item.status
    )
