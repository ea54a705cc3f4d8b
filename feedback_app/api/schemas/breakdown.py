"""Schema of the breakdown by level: k-anonymous groups and each idea's votes per group."""

import marshmallow as ma

from feedback_app.api.schemas.common import BaseSchema
from feedback_app.api.schemas.fields import PublicId


class LevelGroupSchema(BaseSchema):
    """A level, or small levels pooled as "Other levels"; always at least k participants."""

    key = ma.fields.String(
        required=True,
        metadata={"description": '"level-<id>", "none" (level not given) or "other" (pooled).'},
    )
    name = ma.fields.String(required=True)
    level_names = ma.fields.List(
        ma.fields.String(), required=True, metadata={"description": "The levels in this group."}
    )
    participants = ma.fields.Integer(required=True)
    ideas = ma.fields.Integer(required=True, metadata={"description": "Visible ideas written."})
    votes = ma.fields.Integer(
        required=True,
        metadata={"description": "Up-votes, dots, ratings or pairwise wins, by voting mode."},
    )


class IdeaBreakdownSchema(BaseSchema):
    """A visible idea's votes from each group (keys as in `groups`)."""

    idea_id = PublicId(attribute="public_id", required=True)
    text = ma.fields.String(required=True)
    votes = ma.fields.Integer(required=True)
    votes_by_group = ma.fields.Dict(
        keys=ma.fields.String(), values=ma.fields.Integer(), required=True
    )


class TeamGroupSchema(BaseSchema):
    """A team, or small teams pooled as "Other teams"; always at least k participants."""

    key = ma.fields.String(
        required=True,
        metadata={"description": '"team-<id>", "team-none" (not given) or "team-other".'},
    )
    name = ma.fields.String(required=True)
    team_names = ma.fields.List(
        ma.fields.String(), required=True, metadata={"description": "The teams in this group."}
    )
    participants = ma.fields.Integer(required=True)
    ideas = ma.fields.Integer(required=True)
    votes = ma.fields.Integer(required=True)


class CombinationSchema(BaseSchema):
    """People in both a level group and a team group; null when it cannot be shown safely."""

    level_key = ma.fields.String(required=True)
    team_key = ma.fields.String(required=True)
    participants = ma.fields.Integer(
        required=True,
        allow_none=True,
        metadata={
            "description": "null when under k, or when it would let a small group be found by "
            "subtracting it from its level's or team's total."
        },
    )


class BreakdownSchema(BaseSchema):
    """A session's participants, ideas and votes per level, without singling anyone out.

    No group has fewer than `min_group` participants: smaller levels are pooled into "Other
    levels" (with the smallest other level while the pool is still too small), so no level's
    numbers can be read directly or by subtraction. With fewer than `min_group` participants in
    all, `shown` is false and `groups` and `ideas` are empty. Teams follow the same rule
    (`teams`, empty when nobody gave a team), and so do the level × team `combinations`.
    """

    session_id = ma.fields.Integer(required=True)
    voting_mode = ma.fields.String(required=True)
    min_group = ma.fields.Integer(required=True, metadata={"description": "k of k-anonymity."})
    participants = ma.fields.Integer(
        required=True, allow_none=True, metadata={"description": "null when fewer than k."}
    )
    shown = ma.fields.Boolean(required=True)
    groups = ma.fields.List(ma.fields.Nested(LevelGroupSchema), required=True)
    ideas = ma.fields.List(ma.fields.Nested(IdeaBreakdownSchema), required=True)
    teams = ma.fields.List(ma.fields.Nested(TeamGroupSchema), required=True)
    combinations = ma.fields.List(ma.fields.Nested(CombinationSchema), required=True)
