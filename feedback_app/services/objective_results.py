"""The latest measured result of an objective, from whichever source measures it.

Each source is a function taking an objective and returning its newest `MeasuredResult` or
None; `latest_result` asks every source in `RESULT_SOURCES` and keeps the newest answer. Survey
and mystery-shopping measurements plug in by adding their function to that tuple.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from feedback_app.models import Objective


@dataclass(frozen=True)
class MeasuredResult:
    """One measurement of an objective: the value in the objective's unit, when and how."""

    value: float
    unit: str
    measured_on: date
    source: str  # what measured it, for people: "Customer survey", "Mystery shopping"


ResultSource = Callable[[Objective], MeasuredResult | None]

# No source measures objectives yet: every objective reads "not measured yet".
RESULT_SOURCES: tuple[ResultSource, ...] = ()


def latest_result(
    objective: Objective, sources: tuple[ResultSource, ...] | None = None
) -> MeasuredResult | None:
    """The newest result any source has for the objective, or None (not measured yet)."""
    found = [
        result
        for source in (RESULT_SOURCES if sources is None else sources)
        if (result := source(objective)) is not None
    ]
    return max(found, key=lambda result: result.measured_on, default=None)
