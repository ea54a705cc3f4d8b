"""Customer surveys: build one from the current standard, shape its questions, tag it, open
and close it.

Answers are taken in ``survey_answers.py``, results in ``survey_results.py``, the CSV import in
``survey_import.py``.
"""

import secrets

from sqlalchemy import exists, func, select

from feedback_app import messages
from feedback_app.errors import Conflict, Forbidden, NotFound, ValidationFailed
from feedback_app.extensions import db
from feedback_app.models import CustomerSegment, Team, User
from feedback_app.models.surveys import (
    QUESTION_TEXT_MAX,
    SURVEY_TITLE_MAX,
    Survey,
    SurveyQuestion,
    SurveyResponse,
)
from feedback_app.services.characters import has_control_characters, unstorable_problem
from feedback_app.services.standard_versions import current_version
from feedback_app.services.teams import get_team
from feedback_app.services.text import PROTOCOL_STEPS

SURVEY_ROLES = ("manager", "admin")
CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i: read off a receipt
CODE_LENGTH = 7
STEP_VALUES = {"yes": 2, "partly": 1, "no": 0}
STEP_NAMES = {value: name for name, value in STEP_VALUES.items()}
SCALES = {"csat": (1, 5, messages.SURVEY_CSAT_INVALID), "nps": (0, 10, messages.SURVEY_NPS_INVALID)}
STATUS_LABELS = {"draft": "Draft", "open": "Open", "closed": "Closed"}


def ensure_can_run_surveys(user: User) -> None:
    """Raise Forbidden unless the user is a manager or an admin."""
    if user.role not in SURVEY_ROLES:
        raise Forbidden(messages.SURVEY_MANAGERS_ONLY)


def get_survey(survey_id: int) -> Survey:
    """A survey by id (404 when there is none)."""
    survey = db.session.get(Survey, survey_id)
    if survey is None:
        raise NotFound(messages.SURVEY_NOT_FOUND, code="survey_not_found")
    return survey


def survey_by_code(code: str) -> Survey:
    """The survey a short link opens (404 when the code is unknown)."""
    survey = db.session.scalar(select(Survey).where(Survey.code == code.strip().lower()))
    if survey is None:
        raise NotFound(messages.SURVEY_NOT_FOUND, code="survey_not_found")
    return survey


def all_surveys() -> list[Survey]:
    """Every survey, newest first."""
    return list(db.session.scalars(select(Survey).order_by(Survey.id.desc())))


def response_counts(surveys: list[Survey]) -> dict[int, int]:
    """How many responses each survey has."""
    ids = [survey.id for survey in surveys]
    if not ids:
        return {}
    query = (
        select(SurveyResponse.survey_id, func.count())
        .where(SurveyResponse.survey_id.in_(ids))
        .group_by(SurveyResponse.survey_id)
    )
    counts = dict(db.session.execute(query).all())
    return {id_: counts.get(id_, 0) for id_ in ids}


def has_responses(survey: Survey) -> bool:
    """Whether anyone answered (or results were imported): the questions are then frozen."""
    query = select(exists().where(SurveyResponse.survey_id == survey.id))
    return bool(db.session.scalar(query))


def questions_editable(survey: Survey) -> bool:
    """Questions change only on a draft survey without responses."""
    return survey.status == "draft" and not has_responses(survey)


def _clean(value, limit: int, field: str, message: str) -> str:
    text = value.strip() if isinstance(value, str) else ""
    if not 1 <= len(text) <= limit or unstorable_problem(text) or has_control_characters(text):
        raise ValidationFailed(message, fields={field: message})
    return text


def team_or_none(team_id, field: str = "team_id") -> Team | None:
    """A current team by id, None for no id; 422 for an unknown or retired team."""
    if team_id in (None, ""):
        return None
    return get_team(team_id, field=field)


def segment_or_none(segment_id, field: str = "segment_id") -> CustomerSegment | None:
    """A customer segment by id, None for no id; 422 for an unknown one."""
    if segment_id in (None, ""):
        return None
    segment = db.session.get(CustomerSegment, segment_id) if isinstance(segment_id, int) else None
    if segment is None:
        message = messages.SURVEY_SEGMENT_UNKNOWN
        raise ValidationFailed(message, fields={field: message})
    return segment


def steps_of_current_standard() -> tuple[int | None, list[str]]:
    """The published version's number and the protocol steps it covers, in protocol order;
    without a version (or one that covers no step), every step."""
    version = current_version()
    if version is None:
        return None, list(PROTOCOL_STEPS)
    covered = {group["key"] for group in version.content.get("groups", []) if group["items"]}
    steps = [step for step in PROTOCOL_STEPS if step in covered]
    return version.number, steps or list(PROTOCOL_STEPS)


def _unique_code() -> str:
    while True:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if db.session.scalar(select(Survey.id).where(Survey.code == code)) is None:
            return code


def create_survey(
    user: User, title: str, *, team_id: int | None = None, segment_id: int | None = None
) -> Survey:
    """Build a draft survey from the current standard: CSAT, a question per protocol step
    the standard covers, NPS and a free comment."""
    ensure_can_run_surveys(user)
    title = _clean(
        title, SURVEY_TITLE_MAX, "title", messages.SURVEY_TITLE_INVALID.format(max=SURVEY_TITLE_MAX)
    )
    team, segment = team_or_none(team_id), segment_or_none(segment_id)
    version, steps = steps_of_current_standard()
    questions = [SurveyQuestion(kind="csat", text=messages.SURVEY_CSAT_TEXT)]
    questions += [
        SurveyQuestion(kind="step", text=messages.SURVEY_STEP_TEXTS[step], protocol_stage=step)
        for step in steps
    ]
    questions.append(SurveyQuestion(kind="nps", text=messages.SURVEY_NPS_TEXT))
    for position, question in enumerate(questions):
        question.position = position
    survey = Survey(
        code=_unique_code(),
        title=title,
        comment_prompt=messages.SURVEY_COMMENT_PROMPT,
        status="draft",
        standard_version=version,
        team=team,
        segment=segment,
        created_by_id=user.id,
        questions=questions,
    )
    db.session.add(survey)
    db.session.commit()
    return survey


def update_details(
    survey: Survey,
    *,
    title: str,
    comment_prompt: str,
    team_id: int | None = None,
    segment_id: int | None = None,
) -> Survey:
    """Rename the survey, reword the comment prompt and change its tags (tags any time; the
    prompt only while the questions may change)."""
    limit = messages.SURVEY_TITLE_INVALID.format(max=SURVEY_TITLE_MAX)
    survey.title = _clean(title, SURVEY_TITLE_MAX, "title", limit)
    prompt_message = messages.QUESTION_TEXT_INVALID.format(max=QUESTION_TEXT_MAX)
    prompt = _clean(comment_prompt, QUESTION_TEXT_MAX, "comment_prompt", prompt_message)
    if prompt != survey.comment_prompt:
        _ensure_editable(survey)
        survey.comment_prompt = prompt
    survey.team = team_or_none(team_id)
    survey.segment = segment_or_none(segment_id)
    db.session.commit()
    return survey


def _ensure_editable(survey: Survey) -> None:
    if not questions_editable(survey):
        raise Conflict(messages.SURVEY_QUESTIONS_FROZEN, code="questions_frozen")


def get_question(survey: Survey, question_id) -> SurveyQuestion:
    """One of the survey's questions (404 otherwise)."""
    for question in survey.questions:
        if question.id == question_id:
            return question
    raise NotFound(messages.SURVEY_QUESTION_UNKNOWN, code="question_not_found")


def reword_question(survey: Survey, question: SurveyQuestion, text: str) -> SurveyQuestion:
    """Change a question's text (draft surveys without responses only)."""
    _ensure_editable(survey)
    message = messages.QUESTION_TEXT_INVALID.format(max=QUESTION_TEXT_MAX)
    question.text = _clean(text, QUESTION_TEXT_MAX, "text", message)
    db.session.commit()
    return question


def _steps(survey: Survey) -> list[SurveyQuestion]:
    return [question for question in survey.questions if question.kind == "step"]


def _renumber(survey: Survey, steps: list[SurveyQuestion]) -> None:
    """CSAT first, the steps in the given order, NPS last."""
    ordered = [q for q in survey.questions if q.kind == "csat"] + steps
    ordered += [q for q in survey.questions if q.kind == "nps"]
    for position, question in enumerate(ordered):
        question.position = position


def move_question(survey: Survey, question: SurveyQuestion, direction: int) -> None:
    """Move a step question one place up (-1) or down (+1) among the steps."""
    _ensure_editable(survey)
    if question.kind != "step":
        raise Conflict(messages.SURVEY_STEP_ONLY, code="not_a_step")
    steps = _steps(survey)
    index = steps.index(question)
    target = index + (1 if direction > 0 else -1)
    if 0 <= target < len(steps):
        steps[index], steps[target] = steps[target], steps[index]
    _renumber(survey, steps)
    db.session.commit()


def remove_question(survey: Survey, question: SurveyQuestion) -> None:
    """Remove a step question (at least one stays)."""
    _ensure_editable(survey)
    if question.kind != "step":
        raise Conflict(messages.SURVEY_STEP_ONLY, code="not_a_step")
    steps = _steps(survey)
    if len(steps) == 1:
        raise Conflict(messages.SURVEY_LAST_STEP, code="last_step")
    steps.remove(question)
    survey.questions.remove(question)
    _renumber(survey, steps)
    db.session.commit()


def set_status(survey: Survey, status: str) -> Survey:
    """Open the survey to answers, or close it (a closed survey may be opened again)."""
    if status not in ("open", "closed"):
        message = messages.SURVEY_STATUS_UNKNOWN
        raise ValidationFailed(message, fields={"status": message})
    if survey.status == status:
        label = status_word(status)
        raise Conflict(messages.SURVEY_ALREADY_STATUS.format(status=label), code="unchanged")
    survey.status = status
    db.session.commit()
    return survey


def status_word(status: str) -> str:
    """The status as a word in a sentence ("open")."""
    return STATUS_LABELS[status].lower()


def team_choices() -> list[Team]:
    """Current teams a survey or response may be tagged with, by name."""
    return list(db.session.scalars(select(Team).where(Team.retired.is_(False)).order_by(Team.name)))


def segment_choices() -> list[CustomerSegment]:
    """Customer segments a survey or response may be tagged with, by name."""
    return list(db.session.scalars(select(CustomerSegment).order_by(CustomerSegment.name)))
