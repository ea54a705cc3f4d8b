"""Schemas of decisions on candidate standards, objectives, standard versions and the audit."""

import marshmallow as ma
from marshmallow import validate

from feedback_app.api.schemas.clusters import CandidateStandardSchema
from feedback_app.api.schemas.common import BaseSchema
from feedback_app.api.schemas.fields import (
    Date,
    Id,
    Number,
    PublicId,
    QueryInteger,
    Text,
    choice,
    optional,
)
from feedback_app.models.standards import (
    DECISIONS,
    DIRECTIONS,
    MEASURED_FROM,
    REASON_MAX,
    STATEMENT_MAX,
    STEP_MAX,
    STEPS_MAX,
    TITLE_MAX,
)
from feedback_app.services.audit import PAGE_SIZE, PAGE_SIZE_MAX
from feedback_app.services.objectives import TEXT_LIMITS
from feedback_app.services.standard_versions import NOTE_MAX
from feedback_app.services.text import PROTOCOL_STAGES


def _length(maximum: int, minimum: int = 1):
    return validate.Length(
        min=minimum, max=maximum, error=f"Needs {minimum} to {maximum} characters."
    )


class StandardUpdateSchema(BaseSchema):
    """New wording or stage of a candidate standard; give at least one."""

    title = optional(Text, validate=_length(TITLE_MAX))
    statement = optional(Text, validate=_length(STATEMENT_MAX))
    procedures = ma.fields.List(
        Text(validate=_length(STEP_MAX)),
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=STEPS_MAX, error=f"At most {STEPS_MAX} steps."),
        metadata={"description": "The steps to take, in order (replaces the list)."},
    )
    protocol_stage = optional(choice, values=PROTOCOL_STAGES)


class DecisionSchema(BaseSchema):
    """Adopt, reject or park, and why."""

    decision = choice(DECISIONS, required=True)
    reason = Text(required=True, validate=_length(REASON_MAX))


class ObjectiveRequestSchema(BaseSchema):
    """A measurable objective: what is measured, the target and unit, how, by whom, when."""

    metric = Text(required=True, validate=_length(TEXT_LIMITS["metric"]))
    target = Number(required=True, validate=validate.Range(min=0, error="Must be at least 0."))
    direction = optional(
        choice,
        values=DIRECTIONS,
        metadata={
            "description": "at_least: met from above (a share of satisfied customers); at_most: "
            "from below (seconds, money). By default at_most for times and money."
        },
    )
    unit = Text(required=True, validate=_length(TEXT_LIMITS["unit"]))
    measured_from = optional(
        choice,
        values=MEASURED_FROM,
        metadata={
            "description": "manual (the default): managers record values; the others also "
            "compute values. mystery_shopping: the shoppers' scores on the standard's steps "
            "(unit percent); survey_csat: the share of customers answering 4 or 5 of 5 (unit "
            "percent); survey_nps: the Net Promoter Score, -100 to 100 (unit points); "
            "survey_step: the share of yes on the survey question about the standard's "
            "protocol step (unit percent; the standard must be in one of the four steps). "
            "Surveys count when they come from the standard's customer segments or from no "
            "known segment; months and teams with fewer than k respondents are not shown."
        },
    )
    measured_by = Text(required=True, validate=_length(TEXT_LIMITS["measured_by"]))
    owner_team = optional(Text, validate=_length(TEXT_LIMITS["owner_team"], 0))
    owner_team_id = optional(
        Id, metadata={"description": "The team it is delegated to (see GET /api/v1/teams)."}
    )
    review_date = optional(Date)


class ObjectiveSchema(BaseSchema):
    """An objective of a standard."""

    id = ma.fields.Integer(required=True)
    standard_id = ma.fields.Integer(required=True)
    metric = ma.fields.String(required=True)
    target = ma.fields.Float(required=True)
    direction = ma.fields.String(required=True, metadata={"enum": list(DIRECTIONS)})
    unit = ma.fields.String(required=True)
    measured_from = ma.fields.String(required=True, metadata={"enum": list(MEASURED_FROM)})
    measured_by = ma.fields.String(required=True)
    owner_team = ma.fields.String(required=True, allow_none=True)
    owner_team_id = ma.fields.Integer(required=True, allow_none=True)
    review_date = ma.fields.Date(required=True, allow_none=True)


class SuggestionSchema(BaseSchema):
    """An objective read from a number in one of the ideas behind the standard."""

    metric = ma.fields.String(required=True)
    target = ma.fields.Float(required=True)
    unit = ma.fields.String(required=True)
    measured_by = ma.fields.String(required=True)
    direction = ma.fields.String(required=True, metadata={"enum": list(DIRECTIONS)})
    idea_id = PublicId(required=True)
    idea_text = ma.fields.String(required=True)


class DecidedStandardSchema(CandidateStandardSchema):
    """A candidate standard with the decision on it and its objectives."""

    decision_reason = ma.fields.String(
        attribute="standard.decision_reason", required=True, allow_none=True
    )
    decided_by_id = ma.fields.Integer(
        attribute="standard.decided_by_id", required=True, allow_none=True
    )
    decided_at = ma.fields.DateTime(attribute="standard.decided_at", required=True, allow_none=True)
    objectives = ma.fields.List(
        ma.fields.Nested(ObjectiveSchema), attribute="standard.objectives", required=True
    )


class PublishSchema(BaseSchema):
    """What this version changes, in a sentence."""

    note = Text(required=True, validate=_length(NOTE_MAX))


class StandardVersionSchema(BaseSchema):
    """A published version: the adopted standards by protocol stage and the change log."""

    version = ma.fields.Integer(attribute="number", required=True)
    note = ma.fields.String(required=True)
    published_at = ma.fields.DateTime(required=True)
    published_by_id = ma.fields.Integer(required=True, allow_none=True)
    content = ma.fields.Dict(
        required=True,
        metadata={
            "description": "{groups: [{key, label, items: [{id, title, statement, "
            "protocol_stage, stage_label, objectives}]}]}"
        },
    )
    changes = ma.fields.Dict(
        required=True,
        metadata={
            "description": "{added: [{id, title}], removed: [...], changed: "
            "[{id, title, fields}]} against the previous version"
        },
    )


class AuditQuerySchema(BaseSchema):
    """Which page of the trail."""

    page = QueryInteger(load_default=1, validate=validate.Range(min=1, max=1_000_000))
    per_page = QueryInteger(
        load_default=PAGE_SIZE, validate=validate.Range(min=1, max=PAGE_SIZE_MAX)
    )


class AuditEntrySchema(BaseSchema):
    """Who did what, when, to what."""

    id = ma.fields.Integer(required=True)
    at = ma.fields.DateTime(required=True)
    user_id = ma.fields.Integer(required=True, allow_none=True)
    user_email = ma.fields.Function(
        lambda entry: entry.user.email if entry.user else None,
        required=True,
        allow_none=True,
        metadata={"type": "string"},
    )
    action = ma.fields.String(required=True)
    subject_type = ma.fields.String(required=True)
    subject_id = ma.fields.Integer(required=True, allow_none=True)
    details = ma.fields.Dict(required=True)


class AuditPageSchema(BaseSchema):
    """A page of the audit trail, newest first."""

    entries = ma.fields.List(ma.fields.Nested(AuditEntrySchema), required=True)
    page = ma.fields.Integer(required=True)
    per_page = ma.fields.Integer(required=True)
    total = ma.fields.Integer(required=True)
    pages = ma.fields.Integer(required=True)
