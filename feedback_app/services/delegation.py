"""Delegation: what each team looks after in the standard, with targets and latest results."""

from dataclasses import dataclass

from sqlalchemy import select

from feedback_app.extensions import db
from feedback_app.models import CandidateStandard, Objective, Team
from feedback_app.services.objective_results import MeasuredResult, latest_result


@dataclass(frozen=True)
class DelegatedObjective:
    """An objective the team owns, and its latest result (None: not measured yet)."""

    objective: Objective
    result: MeasuredResult | None


@dataclass(frozen=True)
class DelegatedItem:
    """An adopted standard with the objectives of it delegated to the team."""

    standard: CandidateStandard
    objectives: list[DelegatedObjective]


def delegated_items(team: Team) -> list[DelegatedItem]:
    """The adopted standards with at least one objective owned by the team, by title."""
    rows = db.session.scalars(
        select(Objective)
        .join(CandidateStandard, CandidateStandard.id == Objective.standard_id)
        .where(
            Objective.owner_team_id == team.id,
            CandidateStandard.status == "adopted",
            CandidateStandard.merged_into_id.is_(None),
        )
        .order_by(CandidateStandard.title, CandidateStandard.id, Objective.id)
    )
    items: dict[int, DelegatedItem] = {}
    for objective in rows:
        item = items.setdefault(
            objective.standard_id, DelegatedItem(objective.standard, objectives=[])
        )
        item.objectives.append(DelegatedObjective(objective, latest_result(objective, team)))
    return list(items.values())
