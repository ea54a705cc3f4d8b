"""Schemas of measured objectives: where each objective stands, and its measurements."""

import marshmallow as ma
from marshmallow import validate

from feedback_app.api.schemas.common import BaseSchema
from feedback_app.api.schemas.fields import Date, Id, Number, Text, optional
from feedback_app.models.measurements import SOURCE_MAX
from feedback_app.models.standards import DIRECTIONS, MEASURED_FROM
from feedback_app.services.measurements import STATUSES, VALUE_LIMIT


class MeasurementRequestSchema(BaseSchema):
    """A measured value, for the whole organisation or one team."""

    value = Number(
        required=True,
        validate=validate.Range(min=-VALUE_LIMIT, max=VALUE_LIMIT),
        metadata={"description": "In the objective's unit."},
    )
    measured_on = Date(required=True, metadata={"description": "Not in the future."})
    source = Text(
        required=True,
        validate=validate.Length(min=1, max=SOURCE_MAX),
        metadata={"description": "Where the value comes from: till records, a spot check."},
    )
    team_id = optional(Id, metadata={"description": "The team measured; none: everyone."})


class MeasurementSchema(BaseSchema):
    """One measured value."""

    id = ma.fields.Integer(required=True)
    objective_id = ma.fields.Integer(required=True)
    value = ma.fields.Float(required=True)
    measured_on = ma.fields.Date(required=True)
    source = ma.fields.String(required=True)
    team_id = ma.fields.Integer(required=True, allow_none=True)


class TrendPointSchema(BaseSchema):
    """The mean of one month's values."""

    month = ma.fields.Date(required=True, metadata={"description": "The month's first day."})
    value = ma.fields.Float(
        required=True,
        metadata={
            "description": "The mean of the month's values; for survey_nps that is the Net "
            "Promoter Score of the month's answers (each reads +100, 0 or -100)."
        },
    )
    count = ma.fields.Integer(required=True, metadata={"description": "How many values."})
    computed = ma.fields.Integer(
        required=True,
        metadata={
            "description": "How many of them were computed (survey answers, mystery shoppers' "
            "scores) rather than entered by managers."
        },
    )


class TeamResultSchema(BaseSchema):
    """A team's latest month against the target."""

    team_id = ma.fields.Integer(attribute="team.id", required=True)
    team = ma.fields.String(attribute="team.name", required=True)
    current = ma.fields.Float(required=True)
    month = ma.fields.Date(required=True)
    status = ma.fields.String(required=True, metadata={"enum": list(STATUSES)})


class ObjectiveProgressSchema(BaseSchema):
    """An objective of an adopted standard and where it stands."""

    id = ma.fields.Integer(attribute="objective.id", required=True)
    standard_id = ma.fields.Integer(attribute="objective.standard_id", required=True)
    standard = ma.fields.String(attribute="objective.standard.title", required=True)
    protocol_stage = ma.fields.String(attribute="objective.standard.protocol_stage", required=True)
    metric = ma.fields.String(attribute="objective.metric", required=True)
    target = ma.fields.Float(attribute="objective.target", required=True)
    direction = ma.fields.String(
        attribute="objective.direction", required=True, metadata={"enum": list(DIRECTIONS)}
    )
    unit = ma.fields.String(attribute="objective.unit", required=True)
    measured_from = ma.fields.String(
        attribute="objective.measured_from",
        required=True,
        metadata={"enum": list(MEASURED_FROM)},
    )
    owner_team = ma.fields.String(attribute="objective.owner_team", required=True, allow_none=True)
    review_date = ma.fields.Date(attribute="objective.review_date", required=True, allow_none=True)
    current = ma.fields.Float(
        required=True,
        allow_none=True,
        metadata={"description": "The latest month's value (see trend)."},
    )
    month = ma.fields.Date(required=True, allow_none=True)
    status = ma.fields.String(
        required=True,
        metadata={
            "enum": list(STATUSES),
            "description": "on_track: meets the target; at_risk: short by at most a tenth of "
            "it; missed: further off, or short after the review date; not_measured.",
        },
    )
    trend = ma.fields.List(ma.fields.Nested(TrendPointSchema), required=True)
    teams = ma.fields.List(ma.fields.Nested(TeamResultSchema), required=True)
