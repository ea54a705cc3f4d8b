"""How measured objectives read on a page: figures with their unit, and the trend chart."""

import math

from markupsafe import Markup

from feedback_app.messages import (
    COMPUTED_VALUE_NOUNS,
    ENTERED_VALUE_NOUNS,
    OBJECTIVE_DIRECTION_LABELS,
)
from feedback_app.models import Objective
from feedback_app.services.measurements import Progress, TrendPoint
from feedback_app.workspace.charts import Point, line_chart


def figure(value: float | None, unit: str = "") -> str:
    """A measured value as people write it: 12.5 seconds, 92 percent."""
    if value is None:
        return "–"
    text = f"{value:,.2f}".rstrip("0").rstrip(".")
    return f"{text} {unit}".strip()


def target_text(item: Progress) -> str:
    """The target with its direction: at most 10 seconds."""
    objective = item.objective
    direction = OBJECTIVE_DIRECTION_LABELS[objective.direction]
    return f"{direction} {figure(objective.target, objective.unit)}"


def _counted(count: int, nouns: tuple[str, str]) -> str:
    return f"{count:,} {nouns[0] if count == 1 else nouns[1]}"


def values_text(objective: Objective, point: TrendPoint) -> str:
    """What a month's value rests on: 37 survey answers and 1 value entered by hand."""
    parts = []
    if point.computed:
        nouns = COMPUTED_VALUE_NOUNS.get(objective.measured_from, ENTERED_VALUE_NOUNS)
        parts.append(_counted(point.computed, nouns))
    if point.count > point.computed:
        parts.append(_counted(point.count - point.computed, ENTERED_VALUE_NOUNS))
    return " and ".join(parts)


def source_text(item: Progress) -> str:
    """Where the current value of a computed objective comes from ("from 37 survey answers");
    nothing for objectives whose values are all typed in, or not measured yet."""
    if item.objective.measured_from == "manual" or item.latest is None:
        return ""
    return f"from {values_text(item.objective, item.latest)}"


def _round_up(value: float) -> float:
    """The axis top: the next round number (1, 2, 2.5 or 5 times a power of ten)."""
    if value <= 0:
        return 1.0
    power = 10 ** math.floor(math.log10(value))
    return next(step * power for step in (1, 2, 2.5, 5, 10) if step * power >= value)


def trend_chart(item: Progress) -> Markup | None:
    """Monthly means, each with its figure, against the dashed target line."""
    if not item.trend:
        return None
    objective = item.objective
    values = [point.value for point in item.trend] + [objective.target]
    low, high = min(0.0, *values), _round_up(max(values) * 1.1)
    points = [
        Point(
            f"{point.month:%B %Y}",
            point.value,
            figure(point.value, objective.unit),
            f"{point.month:%b %Y}",
        )
        for point in item.trend
    ]
    return line_chart(
        f"chart-objective-{objective.id}",
        f"{objective.metric}, month by month",
        "Monthly mean of the measured values; the dashed line is the target "
        f"({target_text(item)}).",
        points,
        low=low,
        high=high,
        tick=lambda value: figure(round(value, 1)),
        target=objective.target,
        target_label=f"target {target_text(item)}",
        show_values=True,
    )
