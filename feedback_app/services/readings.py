"""The values behind an objective that are computed rather than typed in: mystery shoppers'
scores, and customers' survey answers where the objective's metric maps to a survey question.

Every computed value is one reading on a scale whose mean is the figure people know, so a
month's or a team's value is simply the mean of its readings:

- ``mystery_shopping``: a shopper's score on a step of the standard, in percent (yes 100,
  partly 50, no 0; 1 to 5 as 0 to 100).
- ``survey_csat``: the share of satisfied customers in percent, the usual CSAT: an answer of
  4 or 5 out of 5 reads 100, 1 to 3 reads 0. A share rather than a mean of 1-5 so that it
  reads like the other shares ("90 percent satisfied") and takes a percent target.
- ``survey_nps``: the Net Promoter Score, -100 to 100 points. NPS is not a mean of the 0-10
  scores: each answer reads +100 (promoter, 9-10), 0 (passive, 7-8) or -100 (detractor, 0-6),
  so the mean over any month or team is exactly its share of promoters minus its share of
  detractors, counted from the raw answers; a month of passives only is 0.
- ``survey_step``: the share of yes on the survey question about the protocol step the
  objective's standard belongs to, in percent (yes 100, partly 50, no 0), like the shoppers'.

Which survey answers count. Surveys are not tied to one standard: the version a survey was
built from (``standard_version``) only decides which step questions it asks, and CSAT and NPS
are about the whole visit. What ties an answer to a standard is the customer segment: a
standard tagged with segments counts only the answers from those segments, plus the answers
whose segment is unknown; answers known to come from another segment do not count. A standard
without segment tags counts every survey's answers. Step answers count only on the question
about the standard's own protocol step.

Answers are anonymous and a figure about fewer than k respondents could single one out
(services/privacy): a month with fewer than k respondents gives no survey reading at all,
and a team's month with fewer than k counts for the whole organisation but not as the team's.
"""

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date

from sqlalchemy import or_, select

from feedback_app.extensions import db
from feedback_app.models import ChecklistItem, Objective, Team, Visit, VisitAnswer
from feedback_app.models.segments import standard_segments
from feedback_app.models.surveys import SurveyAnswer, SurveyQuestion, SurveyResponse
from feedback_app.services import privacy
from feedback_app.services.survey_results import DETRACTORS_BELOW, PROMOTERS

SATISFIED_FROM = 4  # CSAT: 4 or 5 out of 5 is a satisfied customer


def _satisfied(value: int) -> float:
    return 100.0 if value >= SATISFIED_FROM else 0.0


def _promoter_score(value: int) -> float:
    if value >= PROMOTERS:
        return 100.0
    return -100.0 if value < DETRACTORS_BELOW else 0.0


def _step_share(value: int) -> float:
    return value * 50.0  # yes/partly/no is stored as 2/1/0


# The survey question each survey source reads, and how one answer reads on its scale.
SURVEY_SOURCES = {
    "survey_csat": ("csat", _satisfied),
    "survey_nps": ("nps", _promoter_score),
    "survey_step": ("step", _step_share),
}


@dataclass(frozen=True)
class Reading:
    """One value behind an objective: a manager's measurement or a computed score."""

    day: date
    value: float
    team: Team | None
    computed: bool = False  # a survey answer or a shopper's score, not a typed-in value


def month_of(day: date) -> date:
    """The first day of the day's month: the unit of the trend."""
    return day.replace(day=1)


def shopping_readings(objective: Objective) -> list[Reading]:
    """Mystery shoppers' answers on the steps of the objective's standard, as percentages
    (yes 100, partly 50, no 0; 1 to 5 as 0 to 100), each for the team visited."""
    rows = db.session.execute(
        select(Visit.visited_on, VisitAnswer.score, Team)
        .join(VisitAnswer, VisitAnswer.visit_id == Visit.id)
        .join(ChecklistItem, ChecklistItem.id == VisitAnswer.item_id)
        .join(Team, Team.id == Visit.team_id)
        .where(ChecklistItem.standard_id == objective.standard_id)
    ).all()
    return [Reading(day, score * 100, team, computed=True) for day, score, team in rows]


def _in_standards_segments(objective: Objective):
    """Answers of the standard's segments or of no known segment; all of them when the
    standard names no segment."""
    tagged = select(standard_segments.c.segment_id).where(
        standard_segments.c.standard_id == objective.standard_id
    )
    return or_(
        ~tagged.exists(),
        SurveyResponse.segment_id.is_(None),
        SurveyResponse.segment_id.in_(tagged),
    )


def _safe_to_show(rows: list[tuple[int, Reading]], k: int) -> list[Reading]:
    """Drop the months with fewer than k respondents; a team's month with fewer than k
    stays in the organisation's figure without the team."""
    people: dict[tuple, set[int]] = defaultdict(set)
    for response_id, reading in rows:
        month = month_of(reading.day)
        people[(month, None)].add(response_id)
        if reading.team is not None:
            people[(month, reading.team.id)].add(response_id)
    kept = []
    for _, reading in rows:
        month = month_of(reading.day)
        if len(people[(month, None)]) < k:
            continue
        if reading.team is not None and len(people[(month, reading.team.id)]) < k:
            reading = replace(reading, team=None)
        kept.append(reading)
    return kept


def survey_readings(objective: Objective) -> list[Reading]:
    """Customers' answers to the survey question the objective reads, each on the objective's
    scale, dated by its response and for the response's team."""
    kind, scale = SURVEY_SOURCES[objective.measured_from]
    query = (
        select(SurveyResponse.id, SurveyResponse.answered_on, SurveyAnswer.value, Team)
        .join(SurveyAnswer, SurveyAnswer.response_id == SurveyResponse.id)
        .join(SurveyQuestion, SurveyQuestion.id == SurveyAnswer.question_id)
        .outerjoin(Team, Team.id == SurveyResponse.team_id)
        .where(SurveyQuestion.kind == kind, _in_standards_segments(objective))
    )
    if kind == "step":
        query = query.where(SurveyQuestion.protocol_stage == objective.standard.protocol_stage)
    rows = [
        (response_id, Reading(day, scale(value), team, computed=True))
        for response_id, day, value, team in db.session.execute(query)
    ]
    return _safe_to_show(rows, privacy.min_group())


def computed_readings(objective: Objective) -> list[Reading]:
    """The readings computed from where the objective is measured (none when typed in only)."""
    if objective.measured_from == "mystery_shopping":
        return shopping_readings(objective)
    if objective.measured_from in SURVEY_SOURCES:
        return survey_readings(objective)
    return []
