"""Schemas of ideas, votes and the ranking."""

import marshmallow as ma
from marshmallow import validate

from feedback_app import messages
from feedback_app.api.schemas.common import BaseSchema
from feedback_app.api.schemas.fields import (
    MinuteTime,
    PublicId,
    QueryInteger,
    Text,
    choice,
    optional,
)
from feedback_app.models import IdeaStatus
from feedback_app.models.ideas import IDEA_MAX, IDEA_MIN
from feedback_app.services.moderation import MODERATION_STATUSES
from feedback_app.web.converters import MAX_ID

PAGE_MAX = 500

STATUSES = [status.value for status in IdeaStatus]


def idea_text(**kwargs) -> Text:
    """The text of an idea: trimmed and checked by the ideas service, bounded here."""
    too_long = messages.IDEA_TOO_LONG.format(max=IDEA_MAX)
    return Text(
        validate=validate.Length(max=IDEA_MAX, error=too_long),
        metadata={"minLength": IDEA_MIN},
        **kwargs,
    )


class IdeaCreateSchema(BaseSchema):
    """A new idea."""

    text = idea_text(required=True)


class IdeaUpdateSchema(BaseSchema):
    """Authors reword ({text}); facilitators moderate ({status}) and correct typos ({text})."""

    text = optional(idea_text)
    status = optional(choice, values=[s.value for s in MODERATION_STATUSES])


class IdeaSchema(BaseSchema):
    """An idea after a change."""

    id = PublicId(attribute="public_id", required=True)
    text = ma.fields.String(required=True)
    status = ma.fields.String(required=True, metadata={"enum": STATUSES})


class MergedIdeaSchema(IdeaSchema):
    """The idea kept after a merge, and the one merged into it."""

    merged_idea_id = PublicId(required=True)


class ParticipantIdeaSchema(BaseSchema):
    """An idea in a participant's own order: no counts, whose it is and whether they voted."""

    id = PublicId(attribute="public_id", required=True)
    text = ma.fields.String(required=True)
    mine = ma.fields.Boolean(required=True)
    voted = ma.fields.Boolean(required=True)
    status = ma.fields.String(
        required=True,
        metadata={"enum": ["visible", "pending"], "description": "pending: yours, unapproved"},
    )
    changed = ma.fields.Boolean(
        required=True, metadata={"description": "Corrected by the facilitator since your vote."}
    )


class IdeaPageSchema(BaseSchema):
    """A page of a session's ideas (all of them when no limit is given)."""

    limit = optional(QueryInteger, validate=validate.Range(min=1, max=PAGE_MAX))
    offset = QueryInteger(load_default=0, validate=validate.Range(min=0, max=MAX_ID))


class StaffIdeaSchema(BaseSchema):
    """An idea as its facilitator sees it."""

    id = PublicId(attribute="public_id", required=True)
    text = ma.fields.String(required=True)
    status = ma.fields.String(required=True, metadata={"enum": STATUSES})
    votes = ma.fields.Integer(required=True)
    created_at = MinuteTime(required=True)


class MergeIdeaSchema(BaseSchema):
    """The idea to merge this one into."""

    into_idea_id = PublicId(required=True)


class RankedIdeaSchema(BaseSchema):
    """One line of the ranking."""

    idea_id = PublicId(attribute="public_id", required=True)
    text = ma.fields.String(required=True)
    votes = ma.fields.Integer(
        required=True,
        metadata={"description": "Up-votes, dots, ratings or pairwise wins, by voting mode."},
    )
    rank = ma.fields.Integer(required=True, metadata={"description": "Tied ideas share a rank."})
    score = ma.fields.Float(
        required=True, metadata={"description": "What the rank is based on (see the mode)."}
    )
    tied = ma.fields.Boolean(required=True, metadata={"description": "Shares its rank."})
    low = ma.fields.Float(
        allow_none=True,
        required=True,
        metadata={"description": "Up-votes and dots: the 95 % range of the share of support."},
    )
    high = ma.fields.Float(allow_none=True, required=True)
    consensus = ma.fields.Float(
        allow_none=True,
        required=True,
        metadata={
            "description": "Support across levels (0 to 1): high only when every level that "
            "took part supports the idea; null when fewer than two groups of k people voted."
        },
    )
    exposures = ma.fields.Integer(
        required=True, metadata={"description": "How many times the idea was shown to voters."}
    )
