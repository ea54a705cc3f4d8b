"""Schemas of mystery shopping: checklists, one-time links and visit reports."""

import marshmallow as ma
from marshmallow import validate

from feedback_app.api.schemas.common import BaseSchema
from feedback_app.api.schemas.fields import Date, Id, Integer, QueryInteger, Text, choice, optional
from feedback_app.models.visits import (
    ANSWER_NOTE_MAX,
    LINK_LABEL_MAX,
    SCALES,
    VISIT_CHANNELS,
    VISIT_NOTES_MAX,
)
from feedback_app.services.visits import LINK_DAYS_DEFAULT, LINK_DAYS_MAX, visit_score

SCALE_VALUES = {"yes_partly_no": ["yes", "partly", "no"], "one_to_five": [1, 2, 3, 4, 5]}
VALUE = {
    "oneOf": [
        {"type": "string", "enum": SCALE_VALUES["yes_partly_no"]},
        {"type": "integer", "minimum": 1, "maximum": 5},
    ]
}


class ChecklistItemSchema(BaseSchema):
    """One procedure step to score, with its protocol stage and its scale."""

    id = ma.fields.Integer(required=True, metadata={"description": "The key in `scores`."})
    position = ma.fields.Integer(required=True)
    protocol_stage = ma.fields.String(required=True, metadata={"example": "greet_listen"})
    stage_label = ma.fields.String(required=True, metadata={"example": "Greet and listen"})
    standard_id = ma.fields.Integer(required=True)
    standard_title = ma.fields.String(required=True)
    text = ma.fields.String(required=True, metadata={"description": "The step to check."})
    scale = ma.fields.String(required=True, metadata={"enum": list(SCALES)})
    values = ma.fields.Function(
        lambda item: SCALE_VALUES[item.scale],
        required=True,
        metadata={"description": "The values the scale accepts.", "items": VALUE},
    )


class ChecklistSchema(BaseSchema):
    """A checklist made from a published version of the standard."""

    id = ma.fields.Integer(required=True)
    version_number = ma.fields.Integer(required=True, data_key="standard_version")
    scale = ma.fields.String(required=True, metadata={"enum": list(SCALES)})
    items = ma.fields.List(ma.fields.Nested(ChecklistItemSchema), required=True)


class ChecklistRequestSchema(BaseSchema):
    """The scale of a new checklist."""

    scale = choice(SCALES, required=True)


class VisitLinkRequestSchema(BaseSchema):
    """Who the link is for, which team it is for (optional) and how long it stays valid."""

    label = Text(load_default="", validate=validate.Length(max=LINK_LABEL_MAX))
    team_id = optional(Id)
    days = Integer(
        load_default=LINK_DAYS_DEFAULT,
        validate=validate.Range(min=1, max=LINK_DAYS_MAX, error=f"From 1 to {LINK_DAYS_MAX}."),
    )


class VisitLinkSchema(BaseSchema):
    """A one-time link: the token and URL are shown once, never again."""

    id = ma.fields.Integer(required=True)
    token = ma.fields.String(required=True, metadata={"description": "Also a bearer token."})
    url = ma.fields.String(required=True)
    label = ma.fields.String(required=True)
    team_id = ma.fields.Integer(allow_none=True, required=True)
    expires_at = ma.fields.DateTime(required=True)


class VisitRequestSchema(BaseSchema):
    """A visit report. `scores` maps checklist item ids (GET /checklists/current) to a value on
    the item's scale; items left out count as not observed, at least one is needed."""

    team_id = Id(required=True)
    visited_on = Date(required=True, metadata={"description": "Not in the future."})
    channel = choice(VISIT_CHANNELS, required=True)
    scores = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Raw(metadata=VALUE),
        required=True,
        metadata={"example": {"12": "yes", "13": "partly"}},
    )
    notes = Text(load_default="", validate=validate.Length(max=VISIT_NOTES_MAX))
    item_notes = ma.fields.Dict(
        keys=ma.fields.String(),
        values=Text(validate=validate.Length(max=ANSWER_NOTE_MAX)),
        load_default=dict,
        metadata={"description": "Item id → a note on that (scored) item."},
    )


def _scores(visit) -> dict:
    return {str(a.item_id): int(a.value) if a.value.isdigit() else a.value for a in visit.answers}


def _score_percent(visit):
    score = visit_score(visit)
    return None if score is None else round(100 * score, 1)


class VisitSchema(BaseSchema):
    """A filed visit report and its score (0 to 100: yes 100, partly 50, no 0; 1 to 5 as 0,
    25 … 100)."""

    id = ma.fields.Integer(required=True)
    team_id = ma.fields.Integer(required=True)
    team_name = ma.fields.Function(lambda visit: visit.team.name, required=True)
    visited_on = ma.fields.Date(required=True)
    channel = ma.fields.String(required=True, metadata={"enum": list(VISIT_CHANNELS)})
    checklist_id = ma.fields.Integer(required=True)
    filed_by = ma.fields.Function(
        lambda visit: "link" if visit.link_id else "shopper",
        required=True,
        metadata={"enum": ["shopper", "link"]},
    )
    scores = ma.fields.Function(_scores, required=True, metadata={"additionalProperties": VALUE})
    item_notes = ma.fields.Function(
        lambda visit: {str(a.item_id): a.note for a in visit.answers if a.note}, required=True
    )
    notes = ma.fields.String(required=True)
    score_percent = ma.fields.Function(_score_percent, required=True, allow_none=True)


class VisitQuerySchema(BaseSchema):
    """Which team's reports."""

    team_id = QueryInteger(load_default=None, validate=validate.Range(min=1))
