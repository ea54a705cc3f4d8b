"""Measurable objectives of a standard, and the ones suggested by the numbers staff wrote
("within 10 seconds", "up to $50") for a manager to accept as they are or edit."""

import math
import re
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select

from feedback_app import messages
from feedback_app.errors import NotFound, ValidationFailed
from feedback_app.extensions import db
from feedback_app.models import CandidateStandard, IdeaCluster, IdeaStatus, Objective, User
from feedback_app.models.standards import DIRECTIONS, MEASURED_FROM
from feedback_app.services import audit
from feedback_app.services.decisions import ensure_can_decide
from feedback_app.services.teams import get_team
from feedback_app.services.text import PROTOCOL_STEPS
from feedback_app.services.text.quantities import (
    LOWER_BOUNDS,
    UNITS,
    UPPER_BOUNDS,
    Quantity,
    find_quantities,
    with_digits,
)

TEXT_LIMITS = {"metric": 200, "unit": 40, "measured_by": 200, "owner_team": 120}
REQUIRED = ("metric", "unit", "measured_by")
# How each kind of number is usually measured: a first answer the manager edits.
MEASURED_BY = {
    "time": "Timed spot checks and mystery shopper visits",
    "money": "Till and refund records",
    "share": "Customer survey results",
    "count": "Spot checks during opening hours",
}
# The unit of each computed source: shares in percent, the Net Promoter Score in points.
PERCENT = ("percent", "%")
SOURCE_UNITS = {
    "mystery_shopping": PERCENT,
    "survey_csat": PERCENT,
    "survey_step": PERCENT,
    "survey_nps": ("points", "nps"),
}
_LEADING = re.compile(
    r"^(?:(?:let|allow)\s+(?:staff|employees|us)\s+(?:to\s+)?|(?:staff|we|employees)\s+"
    r"(?:should|must|need to|have to|will|can)\s+|please\s+|always\s+)",
    re.IGNORECASE,
)
_EDGE = re.compile(r"^[\s,;:.-]+|[\s,;:.-]+$")


@dataclass(frozen=True)
class ObjectiveSuggestion:
    """A metric, target and unit read from one idea behind the standard."""

    metric: str
    target: float
    unit: str
    measured_by: str
    direction: str
    idea_id: str  # the idea's public id
    idea_text: str


def _source_problems(measured_from, unit: str | None, standard: CandidateStandard) -> dict:
    """A computed source must be known, in its own unit, and (for a step) asked about."""
    if measured_from not in MEASURED_FROM:
        return {"measured_from": messages.OBJECTIVE_MEASURED_FROM_INVALID}
    units = SOURCE_UNITS.get(measured_from)
    if units and (unit or "").lower() not in units:
        return {"unit": messages.OBJECTIVE_SOURCE_UNIT[measured_from]}
    if measured_from == "survey_step" and standard.protocol_stage not in PROTOCOL_STEPS:
        return {"measured_from": messages.OBJECTIVE_STEP_NOT_ASKED}
    return {}


def _fields(data: dict, standard: CandidateStandard) -> dict:
    """Check and clean an objective's fields; every problem is reported at once."""
    problems, clean = {}, {}
    for name, maximum in TEXT_LIMITS.items():
        value = data.get(name)
        text = value.strip() if isinstance(value, str) else ""
        if (name in REQUIRED or text) and not 1 <= len(text) <= maximum:
            problems[name] = messages.OBJECTIVE_TEXT_INVALID.format(max=maximum)
        clean[name] = text or None
    target = data.get("target")
    if (
        isinstance(target, bool)
        or not isinstance(target, int | float)
        or not math.isfinite(target)
        or target < 0
    ):
        problems["target"] = messages.OBJECTIVE_TARGET_INVALID
    else:
        clean["target"] = float(target)
    direction = data.get("direction") or default_direction(clean.get("unit"))
    if direction not in DIRECTIONS:
        problems["direction"] = messages.OBJECTIVE_DIRECTION_INVALID
    clean["direction"] = direction
    measured_from = data.get("measured_from") or "manual"
    problems |= _source_problems(measured_from, clean.get("unit"), standard)
    clean["measured_from"] = measured_from
    try:
        clean["owner_team_id"] = _owner_team_id(data.get("owner_team_id"))
    except ValidationFailed as error:
        problems.update(error.fields)
    review_date = data.get("review_date")
    if review_date is not None and not isinstance(review_date, date):
        problems["review_date"] = messages.OBJECTIVE_REVIEW_DATE_INVALID
    clean["review_date"] = review_date
    if problems:
        raise ValidationFailed(next(iter(problems.values())), fields=problems)
    return clean


def default_direction(unit: str | None) -> str:
    """Times and amounts of money are met from below ("within 10 seconds", "up to $50"),
    everything else from above; the manager can say otherwise."""
    known = UNITS.get((unit or "").strip().lower())
    return "at_most" if known and known[1] in ("time", "money") else "at_least"


def _owner_team_id(team_id) -> int | None:
    """The owner team's id; a retired team stays only on the objectives that already had it."""
    if team_id is None:
        return None
    return get_team(team_id, allow_retired=True, field="owner_team_id").id


def _summary(objective: Objective) -> dict:
    return {
        "metric": objective.metric,
        "target": objective.target,
        "direction": objective.direction,
        "measured_from": objective.measured_from,
        "unit": objective.unit,
        "measured_by": objective.measured_by,
        "owner_team": objective.owner_team,
        "owner_team_id": objective.owner_team_id,
        "review_date": objective.review_date.isoformat() if objective.review_date else None,
    }


def add_objective(standard: CandidateStandard, actor: User, **data) -> Objective:
    """Give a standard a measurable objective."""
    ensure_can_decide(actor)
    objective = Objective(standard=standard, **_fields(data, standard))
    db.session.add(objective)
    db.session.flush()
    audit.record(
        actor,
        "objective.added",
        "standard",
        standard.id,
        objective_id=objective.id,
        title=standard.title,
        objective=_summary(objective),
    )
    db.session.commit()
    return objective


def get_objective(standard: CandidateStandard, objective_id: int) -> Objective:
    """An objective of this standard (another standard's does not exist here)."""
    objective = db.session.get(Objective, objective_id)
    if objective is None or objective.standard_id != standard.id:
        raise NotFound(messages.OBJECTIVE_NOT_FOUND)
    return objective


def edit_objective(objective: Objective, actor: User, **data) -> Objective:
    """Change an objective's fields (all of them are given again)."""
    ensure_can_decide(actor)
    before = _summary(objective)
    for name, value in _fields(data, objective.standard).items():
        setattr(objective, name, value)
    audit.record(
        actor,
        "objective.edited",
        "standard",
        objective.standard_id,
        objective_id=objective.id,
        before=before,
        after=_summary(objective),
    )
    db.session.commit()
    return objective


def remove_objective(objective: Objective, actor: User) -> None:
    """Delete an objective."""
    ensure_can_decide(actor)
    audit.record(
        actor,
        "objective.removed",
        "standard",
        objective.standard_id,
        objective_id=objective.id,
        objective=_summary(objective),
    )
    db.session.delete(objective)
    db.session.commit()


def _action(text: str, quantity: Quantity) -> str:
    """What the number is about: the words before it ("say hello"), else after it."""
    written = with_digits(text)
    before = _EDGE.sub("", written[: quantity.start])
    after = _EDGE.sub("", written[quantity.end :])
    action = _EDGE.sub("", _LEADING.sub("", before)) or after
    if action[1:2].isupper():  # an acronym stays as written
        return action
    return action[:1].lower() + action[1:]


def _metric(text: str, quantity: Quantity) -> str:
    action = _action(text, quantity)
    if quantity.kind == "time":
        return f"Time to {action}"
    if quantity.kind == "money":
        if quantity.qualifier in UPPER_BOUNDS or not quantity.qualifier:
            return f"Amount up to which staff may {action}"
        return f"Amount from which staff {action}"
    if quantity.kind == "share":
        return f"Share of cases where staff {action}"
    bound = f"{quantity.qualifier} " if quantity.qualifier else ""
    return f"{action[:1].upper()}{action[1:]} ({bound}{quantity.unit})"


def _direction(quantity: Quantity) -> str:
    """Which way the number is a target: "within 10 seconds" at most, "at least 3" at least."""
    if quantity.qualifier in UPPER_BOUNDS:
        return "at_most"
    if quantity.qualifier in LOWER_BOUNDS:
        return "at_least"
    return default_direction(quantity.unit)


def _representative_id(standard: CandidateStandard) -> int | None:
    if standard.source_cluster_id is None:
        return None
    return db.session.scalar(
        select(IdeaCluster.representative_idea_id).where(
            IdeaCluster.id == standard.source_cluster_id
        )
    )


def objective_suggestions(standard: CandidateStandard) -> list[ObjectiveSuggestion]:
    """Objectives read from the numbers in the visible ideas behind the standard (the most
    representative idea first), without those the standard already has."""
    first = _representative_id(standard)
    ideas = sorted(
        (idea for idea in standard.ideas if idea.status == IdeaStatus.VISIBLE.value),
        key=lambda idea: (idea.id != first, idea.id),
    )
    have = {(o.target, o.unit) for o in standard.objectives}
    suggestions, seen = [], set()
    for idea in ideas:
        for quantity in find_quantities(idea.text):
            key = (quantity.value, quantity.unit)
            if key in have or key in seen:
                continue
            seen.add(key)
            suggestions.append(
                ObjectiveSuggestion(
                    metric=_metric(idea.text, quantity)[: TEXT_LIMITS["metric"]],
                    target=quantity.value,
                    unit=quantity.unit,
                    measured_by=MEASURED_BY[quantity.kind],
                    direction=_direction(quantity),
                    idea_id=idea.public_id,
                    idea_text=idea.text,
                )
            )
    return suggestions
