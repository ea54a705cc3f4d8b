"""Results of a customer survey: per question its count and mean, the CSAT distribution, NPS,
the share of yes/partly per protocol step, and the themes of the free comments.

Figures about fewer than k respondents are withheld, as in the breakdowns (services/privacy).
``question_aggregates`` is what other features call for one survey's figures; objectives
measured from surveys read the raw answers of every survey instead (services/readings), under
the same k.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select

from feedback_app import messages
from feedback_app.errors import Conflict
from feedback_app.extensions import db
from feedback_app.models import BrainstormSession, User
from feedback_app.models.sessions import TITLE_MAX
from feedback_app.models.surveys import Survey, SurveyAnswer, SurveyResponse
from feedback_app.services import privacy, text
from feedback_app.services.sessions import create_session
from feedback_app.services.surveys import STEP_NAMES, ensure_can_run_surveys

THEMED_COMMENTS_MAX = 1000  # the newest comments grouped into themes
PIPELINE_PREFIX = "Ideas about "  # the pipeline's fallback label, said of comments instead
PROMOTERS, DETRACTORS_BELOW = 9, 7  # NPS: 9-10 promote, 0-6 detract


@dataclass(frozen=True)
class ResponseFilter:
    """Which responses count: a team, a customer segment, a period (days, inclusive)."""

    team_id: int | None = None
    segment_id: int | None = None
    start: date | None = None
    end: date | None = None

    def apply(self, query):
        """Restrict a query over survey_responses to this filter."""
        if self.team_id is not None:
            query = query.where(SurveyResponse.team_id == self.team_id)
        if self.segment_id is not None:
            query = query.where(SurveyResponse.segment_id == self.segment_id)
        if self.start is not None:
            query = query.where(SurveyResponse.answered_on >= self.start)
        if self.end is not None:
            query = query.where(SurveyResponse.answered_on <= self.end)
        return query


@dataclass(frozen=True)
class QuestionAggregate:
    """One question's figures (None throughout when withheld).

    ``mean``: CSAT 1-5, NPS 0-10, a step 0-1 (yes 1, partly 0.5, no 0).
    ``distribution``: answers per value ("1".."5", "0".."10", or yes/partly/no).
    """

    question_id: int
    kind: str
    text: str
    protocol_stage: str | None
    count: int | None
    mean: float | None
    distribution: dict[str, int] = field(default_factory=dict)
    nps: float | None = None  # promoters − detractors, in percent of the answers
    promoters: int | None = None
    passives: int | None = None
    detractors: int | None = None
    yes_percent: float | None = None
    partly_percent: float | None = None
    no_percent: float | None = None


@dataclass(frozen=True)
class SurveyFigures:
    """Per-question aggregates of the responses a filter selects."""

    respondents: int | None  # None when fewer than k
    k: int
    withheld: bool
    questions: list[QuestionAggregate]

    def by_kind(self, kind: str) -> QuestionAggregate | None:
        """The first question of a kind (csat, nps), if the survey has one."""
        return next((q for q in self.questions if q.kind == kind), None)


@dataclass(frozen=True)
class CommentTheme:
    """A theme of the free comments: its label, key phrases, protocol stage and size."""

    index: int
    label: str
    key_phrases: tuple[str, ...]
    protocol_stage: str
    comments: int
    example: str
    is_other: bool = False

    @property
    def phrase(self) -> str:
        """What customers keep mentioning, as a phrase for a session's prompt."""
        return self.label[0].lower() + self.label[1:] if self.label else ""


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1)


def _aggregate(question, values: list[int]) -> QuestionAggregate:
    count = len(values)
    base = {
        "question_id": question.id,
        "kind": question.kind,
        "text": question.text,
        "protocol_stage": question.protocol_stage,
        "count": count,
    }
    tally = Counter(values)
    if question.kind == "step":
        distribution = {name: tally.get(value, 0) for value, name in sorted(STEP_NAMES.items())}
        distribution = {name: distribution[name] for name in ("yes", "partly", "no")}
        shares = {
            f"{name}_percent": _percent(n, count) if count else None
            for name, n in distribution.items()
        }
        mean = round(sum(values) / (2 * count), 3) if count else None
        return QuestionAggregate(**base, mean=mean, distribution=distribution, **shares)
    low, high = (1, 5) if question.kind == "csat" else (0, 10)
    distribution = {str(value): tally.get(value, 0) for value in range(low, high + 1)}
    mean = round(sum(values) / count, 2) if count else None
    if question.kind != "nps":
        return QuestionAggregate(**base, mean=mean, distribution=distribution)
    promoters = sum(1 for v in values if v >= PROMOTERS)
    detractors = sum(1 for v in values if v < DETRACTORS_BELOW)
    nps = round(100 * (promoters - detractors) / count, 1) if count else None
    return QuestionAggregate(
        **base,
        mean=mean,
        distribution=distribution,
        nps=nps,
        promoters=promoters,
        passives=count - promoters - detractors,
        detractors=detractors,
    )


def _withheld(question) -> QuestionAggregate:
    return QuestionAggregate(
        question.id, question.kind, question.text, question.protocol_stage, None, None
    )


def respondent_count(survey: Survey, selection: ResponseFilter = ResponseFilter()) -> int:
    """How many responses the filter selects."""
    query = selection.apply(
        select(db.func.count())
        .select_from(SurveyResponse)
        .where(SurveyResponse.survey_id == survey.id)
    )
    return db.session.scalar(query) or 0


def question_aggregates(
    survey: Survey, selection: ResponseFilter = ResponseFilter(), *, k: int | None = None
) -> SurveyFigures:
    """Count and mean of every question over the selected responses (optionally one team,
    one segment, one period); withheld when fewer than k people answered."""
    k = privacy.min_group() if k is None else k
    respondents = respondent_count(survey, selection)
    if respondents < k:
        return SurveyFigures(None, k, True, [_withheld(q) for q in survey.questions])
    query = selection.apply(
        select(SurveyAnswer.question_id, SurveyAnswer.value)
        .join(SurveyResponse, SurveyResponse.id == SurveyAnswer.response_id)
        .where(SurveyResponse.survey_id == survey.id)
    )
    values: dict[int, list[int]] = {q.id: [] for q in survey.questions}
    for question_id, value in db.session.execute(query):
        values.setdefault(question_id, []).append(value)
    return SurveyFigures(
        respondents, k, False, [_aggregate(q, values[q.id]) for q in survey.questions]
    )


def comments(survey: Survey, selection: ResponseFilter = ResponseFilter()) -> list[str]:
    """The newest free comments of the selected responses (at most THEMED_COMMENTS_MAX)."""
    query = selection.apply(
        select(SurveyResponse.comment)
        .where(SurveyResponse.survey_id == survey.id, SurveyResponse.comment.is_not(None))
        .order_by(SurveyResponse.id.desc())
        .limit(THEMED_COMMENTS_MAX)
    )
    return [comment for comment in db.session.scalars(query) if comment.strip()]


def _label(label: str) -> str:
    if label.startswith(PIPELINE_PREFIX):
        return "Comments about " + label[len(PIPELINE_PREFIX) :]
    return label


def comment_themes(
    survey: Survey, selection: ResponseFilter = ResponseFilter(), *, k: int | None = None
) -> list[CommentTheme]:
    """Group the comments with the NLTK pipeline: label, key phrases, stage, size; none when
    fewer than k people answered."""
    k = privacy.min_group() if k is None else k
    if respondent_count(survey, selection) < k:
        return []
    texts = comments(survey, selection)
    if not texts:
        return []
    result = text.cluster_ideas(texts)
    themes = []
    for index, cluster in enumerate(result.clusters):
        example = texts[cluster.representative] if cluster.representative is not None else ""
        themes.append(
            CommentTheme(
                index=index,
                label=_label(cluster.label),
                key_phrases=cluster.keywords,
                protocol_stage=cluster.protocol_stage,
                comments=len(cluster.members),
                example=example,
                is_other=cluster.is_other,
            )
        )
    return themes


def session_from_theme(
    survey: Survey,
    user: User,
    *,
    label: str,
    level_id: int,
    selection: ResponseFilter = ResponseFilter(),
) -> BrainstormSession:
    """Start a draft brainstorming session whose prompt is what customers keep mentioning.

    The theme is found again by its label (409 when the themes changed since the page).
    """
    ensure_can_run_surveys(user)
    themes = comment_themes(survey, selection)
    theme = next((t for t in themes if t.label == label and not t.is_other), None)
    if theme is None:
        raise Conflict(messages.SURVEY_THEME_GONE, code="theme_gone")
    return create_session(
        user,
        title=messages.SURVEY_SESSION_TITLE.format(label=theme.label)[:TITLE_MAX],
        prompt=messages.SURVEY_SESSION_PROMPT.format(phrase=theme.phrase, survey=survey.title),
        target_level_id=level_id,
    )
