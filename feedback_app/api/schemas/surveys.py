"""Schemas of customer surveys: building, answering, results, the CSV import."""

import marshmallow as ma
from marshmallow import validate

from feedback_app.api.schemas.common import BaseSchema
from feedback_app.api.schemas.fields import Date, Id, QueryInteger, Text, choice, optional
from feedback_app.models.surveys import (
    COMMENT_MAX,
    QUESTION_KINDS,
    SURVEY_STATUSES,
    SURVEY_TITLE_MAX,
)
from feedback_app.services.survey_import import ROWS_MAX
from feedback_app.services.surveys import STEP_VALUES
from feedback_app.services.text import PROTOCOL_STEPS

ANSWERS_MAX = 50
CSV_CHARS_MAX = 200_000


class SurveyRequestSchema(BaseSchema):
    """A new survey: its title, and optionally the team and customer segment it is for."""

    title = Text(
        required=True,
        validate=validate.Length(
            min=1, max=SURVEY_TITLE_MAX, error=f"Needs 1 to {SURVEY_TITLE_MAX} characters."
        ),
    )
    team_id = optional(Id)
    segment_id = optional(Id)


class QuestionSchema(BaseSchema):
    """One question: CSAT (1-5), a protocol step (yes/partly/no) or NPS (0-10)."""

    id = ma.fields.Integer(required=True)
    kind = ma.fields.String(required=True, metadata={"enum": list(QUESTION_KINDS)})
    text = ma.fields.String(required=True)
    protocol_stage = ma.fields.String(
        allow_none=True,
        metadata={"enum": list(PROTOCOL_STEPS), "description": "The step a step question checks."},
    )


class SurveySchema(BaseSchema):
    """A survey, its public link and its questions in order."""

    id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    status = ma.fields.String(required=True, metadata={"enum": list(SURVEY_STATUSES)})
    code = ma.fields.String(required=True, metadata={"description": "The short link's code."})
    public_url = ma.fields.String(
        required=True, metadata={"description": "The answer page: share it, print it as QR."}
    )
    comment_prompt = ma.fields.String(required=True)
    standard_version = ma.fields.Integer(
        allow_none=True, metadata={"description": "The published version it was built from."}
    )
    team_id = ma.fields.Integer(allow_none=True)
    segment_id = ma.fields.Integer(allow_none=True)
    responses = ma.fields.Integer(required=True)
    questions = ma.fields.List(ma.fields.Nested(QuestionSchema), required=True)


class StatusRequestSchema(BaseSchema):
    """Open the survey to answers or close it."""

    status = choice(("open", "closed"), required=True)


class ResponseRequestSchema(BaseSchema):
    """An anonymous response: answers by question id, an optional comment and tags."""

    answers = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Raw(allow_none=True),
        load_default=dict,
        validate=validate.Length(max=ANSWERS_MAX, error=f"At most {ANSWERS_MAX} answers."),
        metadata={
            "description": "Question id → answer: CSAT a whole number 1-5, NPS 0-10, a step "
            f"one of {', '.join(STEP_VALUES)}. Every question is optional; give at least one "
            "answer or a comment.",
            "example": {"1": 5, "2": "yes", "6": 9},
        },
    )
    comment = ma.fields.Raw(
        load_default=None,
        allow_none=True,
        metadata={"type": "string", "description": f"At most {COMMENT_MAX} characters."},
    )
    team_id = optional(Id)
    segment_id = optional(Id)
    website = optional(
        Text,
        metadata={
            "description": "Leave out. A honeypot: when filled in, the answer looks accepted "
            "and nothing is stored."
        },
    )


class ResponseAcceptedSchema(BaseSchema):
    """The answer was taken (nothing in it points back at the respondent)."""

    survey_id = ma.fields.Integer(required=True)
    accepted = ma.fields.Boolean(required=True)


class ResultsQuerySchema(BaseSchema):
    """Which responses count: a team, a customer segment, a period."""

    team_id = optional(QueryInteger, validate=validate.Range(min=1, error="Must be a positive id."))
    segment_id = optional(
        QueryInteger, validate=validate.Range(min=1, error="Must be a positive id.")
    )
    start = optional(Date, data_key="from")
    end = optional(Date, data_key="to")


class AggregateSchema(BaseSchema):
    """One question's figures; every figure is null when fewer than k people answered."""

    question_id = ma.fields.Integer(required=True)
    kind = ma.fields.String(required=True, metadata={"enum": list(QUESTION_KINDS)})
    text = ma.fields.String(required=True)
    protocol_stage = ma.fields.String(allow_none=True)
    count = ma.fields.Integer(allow_none=True)
    mean = ma.fields.Float(
        allow_none=True,
        metadata={"description": "CSAT 1-5, NPS 0-10, a step 0-1 (yes 1, partly 0.5, no 0)."},
    )
    distribution = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Integer())
    nps = ma.fields.Float(
        allow_none=True, metadata={"description": "Promoters − detractors, percent (NPS only)."}
    )
    promoters = ma.fields.Integer(allow_none=True)
    passives = ma.fields.Integer(allow_none=True)
    detractors = ma.fields.Integer(allow_none=True)
    yes_percent = ma.fields.Float(allow_none=True)
    partly_percent = ma.fields.Float(allow_none=True)
    no_percent = ma.fields.Float(allow_none=True)


class ThemeSchema(BaseSchema):
    """A theme of the free comments."""

    label = ma.fields.String(required=True)
    key_phrases = ma.fields.List(ma.fields.String(), required=True)
    protocol_stage = ma.fields.String(required=True)
    comments = ma.fields.Integer(required=True)
    example = ma.fields.String(required=True, metadata={"description": "Its most typical one."})
    is_other = ma.fields.Boolean(
        required=True, metadata={"description": "The leftovers that fit no theme."}
    )


class ResultsSchema(BaseSchema):
    """Per question count and mean (CSAT and NPS also on their own), and comment themes."""

    survey_id = ma.fields.Integer(required=True)
    respondents = ma.fields.Integer(allow_none=True, metadata={"description": "Null below k."})
    k = ma.fields.Integer(required=True)
    withheld = ma.fields.Boolean(required=True)
    csat = ma.fields.Nested(AggregateSchema, allow_none=True)
    nps = ma.fields.Nested(AggregateSchema, allow_none=True)
    steps = ma.fields.List(ma.fields.Nested(AggregateSchema), required=True)
    questions = ma.fields.List(ma.fields.Nested(AggregateSchema), required=True)
    comment_themes = ma.fields.List(ma.fields.Nested(ThemeSchema), required=True)


class ImportRequestSchema(BaseSchema):
    """A CSV file's text and how its columns map to the survey."""

    csv = Text(
        required=True,
        validate=validate.Length(
            min=1, max=CSV_CHARS_MAX, error=f"Needs 1 to {CSV_CHARS_MAX} characters."
        ),
        metadata={"description": f"UTF-8 CSV with a header row, at most {ROWS_MAX} rows."},
    )
    mapping = ma.fields.Dict(
        keys=ma.fields.String(),
        values=Text(),
        required=True,
        metadata={
            "description": "Column header → a question id, `comment`, `date` (YYYY-MM-DD) or "
            "`ignore`; unmapped columns are ignored.",
            "example": {"Satisfaction": "1", "Remarks": "comment", "Branch": "ignore"},
        },
    )


class ResponsesImportedSchema(BaseSchema):
    """How many responses were imported."""

    imported = ma.fields.Integer(required=True)
