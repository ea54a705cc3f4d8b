"""Answers to customer surveys: each value checked against its question, one response per
browser (a keyed hash of a random cookie), a honeypot that silently drops bots, and nothing
about the respondent stored: the day, the answers, the comment and the tags only."""

import hashlib
import hmac
import secrets

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from feedback_app import messages
from feedback_app.clock import utc_now
from feedback_app.errors import Conflict, ValidationFailed
from feedback_app.extensions import db
from feedback_app.models.surveys import (
    COMMENT_MAX,
    Survey,
    SurveyAnswer,
    SurveyQuestion,
    SurveyResponse,
)
from feedback_app.services.characters import has_control_characters, unstorable_problem
from feedback_app.services.surveys import SCALES, STEP_VALUES, segment_or_none, team_or_none


def answer_value(question: SurveyQuestion, raw) -> int:
    """Check one answer against its question's kind and return the stored value.

    CSAT takes a whole number 1-5, NPS 0-10 (a number, or its digits as text); a step takes
    yes, partly or no. Raises ValueError with the message to show.
    """
    if question.kind == "step":
        name = raw.strip().lower() if isinstance(raw, str) else None
        if name not in STEP_VALUES:
            raise ValueError(messages.SURVEY_STEP_INVALID)
        return STEP_VALUES[name]
    low, high, message = SCALES[question.kind]
    if isinstance(raw, str) and raw.strip().isdigit() and raw.strip().isascii():
        raw = int(raw.strip())
    if isinstance(raw, bool) or not isinstance(raw, int) or not low <= raw <= high:
        raise ValueError(message)
    return raw


def check_answers(survey: Survey, answers: dict, comment) -> tuple[dict[int, int], str | None]:
    """Every answer checked against its question, and the comment; 422 lists each problem."""
    by_id = {str(question.id): question for question in survey.questions}
    problems: dict[str, str] = {}
    values: dict[int, int] = {}
    for key, raw in answers.items():
        question = by_id.get(str(key))
        if question is None:
            problems[f"answers.{key}"] = messages.SURVEY_QUESTION_UNKNOWN
            continue
        if raw is None or raw == "":
            continue  # skipped: every question is optional
        try:
            values[question.id] = answer_value(question, raw)
        except ValueError as error:
            problems[f"answers.{key}"] = str(error)
    text = comment.strip() if isinstance(comment, str) else None
    if comment is not None and not isinstance(comment, str):
        text = None
        problems["comment"] = messages.SURVEY_COMMENT_INVALID.format(max=COMMENT_MAX)
    elif text and (
        len(text) > COMMENT_MAX or unstorable_problem(text) or has_control_characters(text)
    ):
        problems["comment"] = messages.SURVEY_COMMENT_INVALID.format(max=COMMENT_MAX)
    if problems:
        raise ValidationFailed(next(iter(problems.values())), fields=problems)
    if not values and not text:
        raise ValidationFailed(
            messages.SURVEY_NOTHING_ANSWERED, fields={"answers": messages.SURVEY_NOTHING_ANSWERED}
        )
    return values, text or None


def _tags(survey: Survey, team_id, segment_id) -> tuple[int | None, int | None]:
    """The response's team and segment: the survey's own tags, or the ones the link gives."""
    team = team_or_none(team_id)
    if survey.team_id is not None and team is not None and team.id != survey.team_id:
        message = messages.SURVEY_TEAM_FIXED.format(team=survey.team.name)
        raise ValidationFailed(message, fields={"team_id": message})
    segment = segment_or_none(segment_id)
    if survey.segment_id is not None and segment is not None and segment.id != survey.segment_id:
        message = messages.SURVEY_SEGMENT_FIXED.format(segment=survey.segment.name)
        raise ValidationFailed(message, fields={"segment_id": message})
    return (
        survey.team_id or (team.id if team else None),
        survey.segment_id or (segment.id if segment else None),
    )


def browser_hash(survey: Survey, browser_token: str) -> str:
    """Key the browser's random cookie with the app secret and the survey: the same browser
    cannot be followed from one survey to the next, nor the cookie read back."""
    key = current_app.config["SECRET_KEY"].encode()
    message = f"survey:{survey.id}:{browser_token}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()


def new_browser_token() -> str:
    """A random 256-bit value for the browser's survey cookie."""
    return secrets.token_urlsafe(32)


def submit_response(
    survey: Survey,
    answers: dict,
    *,
    comment=None,
    team_id=None,
    segment_id=None,
    browser_token: str | None = None,
    honeypot: str = "",
    source: str = "web",
) -> SurveyResponse | None:
    """Store one anonymous response: the day, the tags, the answers and the comment.

    A filled-in honeypot looks accepted and stores nothing (None). A browser that answered
    already gets 409; a survey that is not open, 409 survey_closed.
    """
    if survey.status != "open":
        raise Conflict(messages.SURVEY_NOT_OPEN, code="survey_closed")
    if honeypot:
        return None
    values, text = check_answers(survey, answers, comment)
    team, segment = _tags(survey, team_id, segment_id)
    digest = browser_hash(survey, browser_token) if browser_token else None
    if digest and already_answered(survey, browser_token):
        raise Conflict(messages.SURVEY_ALREADY_ANSWERED, code="already_answered")
    response = SurveyResponse(
        survey_id=survey.id,
        answered_on=utc_now().date(),
        source=source,
        browser_hash=digest,
        team_id=team,
        segment_id=segment,
        comment=text,
        answers=[SurveyAnswer(question_id=id_, value=value) for id_, value in values.items()],
    )
    db.session.add(response)
    try:
        db.session.commit()
    except IntegrityError:  # the same browser, twice at once
        db.session.rollback()
        raise Conflict(messages.SURVEY_ALREADY_ANSWERED, code="already_answered") from None
    return response


def already_answered(survey: Survey, browser_token: str | None) -> bool:
    """Whether this browser's cookie has answered this survey."""
    if not browser_token:
        return False
    digest = browser_hash(survey, browser_token)
    query = select(SurveyResponse.id).where(
        SurveyResponse.survey_id == survey.id, SurveyResponse.browser_hash == digest
    )
    return db.session.scalar(query) is not None
