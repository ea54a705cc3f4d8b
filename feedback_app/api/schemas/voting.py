"""Schemas of votes in every mode, pairs, ballots (fair exposure), ballot cards, comments and
follow-up sessions."""

import marshmallow as ma
from marshmallow import post_dump, validate, validates_schema
from webargs.fields import DelimitedList

from feedback_app.api.schemas.common import BaseSchema
from feedback_app.api.schemas.fields import (
    REQUIRED,
    Boolean,
    Id,
    IdList,
    Integer,
    PublicId,
    QueryInteger,
    Text,
    choice,
    optional,
)
from feedback_app.api.schemas.ideas import ParticipantIdeaSchema
from feedback_app.models import VOTING_MODES
from feedback_app.models.ideas import COMMENT_MAX
from feedback_app.models.sessions import PROMPT_MAX, TITLE_MAX
from feedback_app.services import ballots, exposure, follow_up
from feedback_app.services.comments import COMMENT_MIN


class VoteRequestSchema(BaseSchema):
    """Nothing for an up-vote or one more dot; {"stars": 1..5} to rate in a stars session."""

    EMPTY_BODY = {}  # an up-vote or a dot needs no body at all

    stars = optional(
        Integer,
        validate=validate.Range(min=1, max=5, error="Give 1 to 5 stars."),
        metadata={"description": "Stars sessions only."},
    )


class VoteStateSchema(BaseSchema):
    """Where the caller's vote on the idea stands now."""

    idea_id = PublicId(required=True)
    voted = ma.fields.Boolean(required=True)
    removed = ma.fields.Boolean(metadata={"description": "Only after DELETE."})
    dots = ma.fields.Integer(metadata={"description": "Dots sessions: your dots on the idea."})
    dots_left = ma.fields.Integer(metadata={"description": "Dots sessions: your dots to spend."})
    stars = ma.fields.Integer(
        allow_none=True, metadata={"description": "Stars sessions: your rating."}
    )

    @post_dump(pass_original=True)
    def _only_what_applies(self, data, original, **kwargs):
        """Each mode answers with its own fields: no dots in an up-vote, no stars in dots."""
        mode = getattr(original, "mode", None)
        keep = {"idea_id", "voted"}
        keep |= {"removed"} if data.get("removed") is not None else set()
        keep |= {"dots", "dots_left"} if mode == "dots" else set()
        keep |= {"stars"} if mode == "stars" else set()
        return {name: value for name, value in data.items() if name in keep}


class PairSchema(BaseSchema):
    """Two different ideas to choose between."""

    left = ma.fields.Nested(ParticipantIdeaSchema, required=True)
    right = ma.fields.Nested(ParticipantIdeaSchema, required=True)


class PairChoiceRequestSchema(BaseSchema):
    """{winner_id, loser_id} to choose, or {left_id, right_id, skip: true} to pass."""

    winner_id = optional(PublicId)
    loser_id = optional(PublicId)
    left_id = optional(PublicId)
    right_id = optional(PublicId)
    skip = Boolean(load_default=False)

    @validates_schema
    def _one_form(self, data, **kwargs):
        if data["skip"]:
            missing = [name for name in ("left_id", "right_id") if data[name] is None]
        else:
            missing = [name for name in ("winner_id", "loser_id") if data[name] is None]
        if missing:
            raise ma.ValidationError(dict.fromkeys(missing, REQUIRED))


class PairChoiceSchema(BaseSchema):
    """A recorded choice: the winner, or none for a skipped pair."""

    winner_id = PublicId(allow_none=True, required=True)
    left_id = PublicId(required=True)
    right_id = PublicId(required=True)
    skipped = ma.fields.Boolean(required=True)


class BallotQuerySchema(BaseSchema):
    """How many ideas to get, and the ones already had (so "more" brings new ones)."""

    limit = QueryInteger(
        load_default=exposure.BATCH,
        validate=validate.Range(min=1, max=exposure.BATCH_MAX),
    )
    seen = DelimitedList(
        PublicId(),
        load_default=list,
        metadata={"description": "Comma-separated ids of the ideas already shown to you."},
    )


class BallotSchema(BaseSchema):
    """A batch of ideas to vote on, least seen first, and how many are left to see."""

    ideas = ma.fields.List(ma.fields.Nested(ParticipantIdeaSchema), required=True)
    remaining = ma.fields.Integer(
        required=True, metadata={"description": "Ideas you have not been shown yet."}
    )


class BallotCardsRequestSchema(BaseSchema):
    """How many single-use cards to make."""

    count = Integer(required=True, validate=validate.Range(min=1, max=ballots.CARDS_MAX))


class BallotCardsSchema(BaseSchema):
    """The session's ballot cards: counts, and the codes only in the answer that made them."""

    issued = ma.fields.Integer(required=True)
    used = ma.fields.Integer(required=True)
    codes = ma.fields.List(
        ma.fields.String(),
        metadata={"description": "New codes, shown once: only a keyed hash is kept."},
    )
    join_urls = ma.fields.List(ma.fields.String(metadata={"format": "uri"}))


class CommentCreateSchema(BaseSchema):
    """A comment that builds on an idea."""

    text = Text(
        required=True,
        validate=validate.Length(max=COMMENT_MAX),
        metadata={"minLength": COMMENT_MIN},
    )


class CommentSchema(BaseSchema):
    """A comment as its reader sees it (never who wrote it)."""

    id = PublicId(attribute="public_id", required=True)
    idea_id = PublicId(attribute="idea_public_id", required=True)
    text = ma.fields.String(required=True)
    status = ma.fields.String(required=True, metadata={"enum": ["visible", "hidden", "pending"]})
    mine = ma.fields.Boolean(required=True)


class CommentUpdateSchema(BaseSchema):
    """Moderate a comment: show (or approve) it, or hide it."""

    status = choice(("visible", "hidden"), required=True)


class FollowUpRequestSchema(BaseSchema):
    """A follow-up session for another level, with this session's top ideas."""

    target_level_id = Id(required=True)
    top = Integer(
        load_default=follow_up.TOP_DEFAULT,
        validate=validate.Range(min=1, max=follow_up.TOP_MAX),
    )
    title = optional(Text, validate=validate.Length(max=TITLE_MAX))
    prompt = optional(Text, validate=validate.Length(max=PROMPT_MAX))
    contributing_level_ids = optional(IdList)
    voting_mode = optional(choice, values=VOTING_MODES)
