"""Schemas of teams and of the customer-segment register."""

import marshmallow as ma
from marshmallow import validate

from feedback_app.api.schemas.common import BaseSchema
from feedback_app.api.schemas.fields import Number, Text, optional
from feedback_app.models import CHANNELS
from feedback_app.models.segments import SEGMENT_NAME_MAX, SEGMENT_TEXT_MAX
from feedback_app.models.teams import TEAM_DESCRIPTION_MAX, TEAM_NAME_MAX


class TeamRequestSchema(BaseSchema):
    """A new team or location: a shop, a call-centre floor, a region."""

    name = Text(required=True, validate=validate.Length(max=TEAM_NAME_MAX * 2))
    description = optional(Text, validate=validate.Length(max=TEAM_DESCRIPTION_MAX * 2))


class TeamSchema(BaseSchema):
    """A team; retired teams are no longer offered when joining or delegating."""

    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    description = ma.fields.String(required=True)
    retired = ma.fields.Boolean(required=True)


class CreatedTeamSchema(TeamSchema):
    """A new team, with its link: shown this once (only a keyed hash of its token is kept)."""

    link = ma.fields.String(
        required=True,
        metadata={"description": "The team page, for its members; an admin can rotate it."},
    )


class SegmentSchema(BaseSchema):
    """A customer segment of the register."""

    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True, metadata={"maxLength": SEGMENT_NAME_MAX})
    description = ma.fields.String(required=True, metadata={"maxLength": SEGMENT_TEXT_MAX})
    share_percent = Number(
        required=True, allow_none=True, metadata={"description": "Share of customers, 0-100."}
    )
    channels = ma.fields.List(
        ma.fields.String(validate=validate.OneOf(CHANNELS)),
        required=True,
        metadata={"description": "Preferred channels, from: " + ", ".join(CHANNELS) + "."},
    )
    needs = ma.fields.String(required=True, metadata={"maxLength": SEGMENT_TEXT_MAX})


class SegmentTagSchema(BaseSchema):
    """A segment that something (a session) is tagged with: enough to name it."""

    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True, metadata={"maxLength": SEGMENT_NAME_MAX})


class SegmentsImportedSchema(BaseSchema):
    """How many segments the file added."""

    imported = ma.fields.Integer(required=True)
