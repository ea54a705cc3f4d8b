"""Schemas of sessions, levels, joining and staff tokens."""

import marshmallow as ma
from marshmallow import post_load, pre_dump, validate

from feedback_app import messages
from feedback_app.api.schemas.common import BaseSchema
from feedback_app.api.schemas.fields import (
    Boolean,
    Id,
    IdList,
    Integer,
    MinuteTime,
    Text,
    choice,
    optional,
)
from feedback_app.api.schemas.teams import SegmentTagSchema
from feedback_app.models import PHASES, VOTING_MODES
from feedback_app.models.sessions import (
    DOT_BUDGET_DEFAULT,
    DOTS_MAX,
    DOTS_PER_IDEA_DEFAULT,
    MODERATION_MODES,
    PROMPT_MAX,
    TIMER_MINUTES_MAX,
    TITLE_MAX,
)
from feedback_app.services.live import timer_state
from feedback_app.services.phases import allowed_phase_moves
from feedback_app.services.sessions import SessionSummary
from feedback_app.services.text import SUPPORTED_LANGUAGES
from feedback_app.web.urls import join_url

TIMER_MINUTES = {"minimum": 1, "maximum": TIMER_MINUTES_MAX}
TIMER_ACTIONS = ("start", "pause", "resume", "extend", "stop", "skip")
SEGMENT_IDS = {
    "description": "Customer segments (ids from /api/v1/segments) the session concerns; "
    "an id given twice counts once, an unknown id is a 422."
}


class TokenRequestSchema(BaseSchema):
    """Staff credentials."""

    email = Text(required=True, metadata={"example": "facilitator@example.com"})
    password = Text(required=True)


class TokenSchema(BaseSchema):
    """A bearer token for staff."""

    token = ma.fields.String(required=True)
    token_type = ma.fields.String(required=True, metadata={"enum": ["Bearer"]})
    expires_in = ma.fields.Integer(required=True, metadata={"description": "Seconds."})
    role = ma.fields.String(required=True)


class LevelSchema(BaseSchema):
    """A management level."""

    id = ma.fields.Integer(required=True)
    name = ma.fields.String(required=True)
    position = ma.fields.Integer(required=True)
    retired = ma.fields.Boolean(required=True)


class _AlwaysAnonymous(BaseSchema):
    """Sessions are anonymous, always: `anonymous` may be sent, but only as true.

    There is no named-contribution mode and no switch to one, so nothing a participant wrote
    can become attributable later (docs/anonymity.md).
    """

    anonymous = optional(
        Boolean,
        validate=validate.Equal(True, error=messages.ALWAYS_ANONYMOUS),
        metadata={"description": "Always true: anonymity cannot be switched off."},
    )

    @post_load
    def _drop_anonymous(self, data, **kwargs):
        data.pop("anonymous", None)
        return data


class SessionCreateSchema(_AlwaysAnonymous):
    """A new draft session."""

    title = Text(required=True, validate=validate.Length(max=TITLE_MAX))
    prompt = Text(required=True, validate=validate.Length(max=PROMPT_MAX))
    target_level_id = Id(required=True)
    contributing_level_ids = optional(IdList)
    voting_mode = choice(VOTING_MODES, load_default="upvote")
    results_public = Boolean(load_default=False)
    language = choice(SUPPORTED_LANGUAGES, load_default="english")
    moderation = choice(MODERATION_MODES, load_default="post")
    collecting_minutes = optional(Integer, metadata=TIMER_MINUTES)
    voting_minutes = optional(Integer, metadata=TIMER_MINUTES)
    dot_budget = Integer(
        load_default=DOT_BUDGET_DEFAULT,
        metadata={"minimum": 1, "maximum": DOTS_MAX, "description": "Dots per participant."},
    )
    dots_per_idea = Integer(
        load_default=None,
        metadata={
            "minimum": 1,
            "description": "Most dots one idea can take from one person "
            f"({DOTS_PER_IDEA_DEFAULT} by default, or the whole budget when it is smaller).",
        },
    )
    allow_self_votes = Boolean(
        load_default=True, metadata={"description": "Whether people may vote on their own ideas."}
    )
    ballot_cards = Boolean(
        load_default=False,
        metadata={"description": "Only single-use ballot cards let people in, not the code."},
    )
    segment_ids = optional(IdList, metadata=SEGMENT_IDS)


class SessionUpdateSchema(_AlwaysAnonymous):
    """Settings a facilitator changes while the session runs; absent fields stay as they are."""

    results_public = optional(Boolean)
    joining_open = optional(Boolean)
    show_live_counts = optional(Boolean)
    moderation = optional(choice, values=MODERATION_MODES)
    segment_ids = optional(
        IdList,
        metadata={"description": SEGMENT_IDS["description"] + " Replaces the tags; [] clears."},
    )


class TimerRequestSchema(BaseSchema):
    """Run the current phase on a timer: start (with minutes), pause, resume, extend, stop, skip."""

    action = choice(TIMER_ACTIONS, required=True)
    minutes = optional(Integer, metadata=TIMER_MINUTES)


class TimerSchema(BaseSchema):
    """The phase timer: running towards a deadline, or paused with seconds left, or off."""

    running = ma.fields.Boolean(required=True)
    seconds_left = ma.fields.Integer(allow_none=True, required=True)
    deadline = ma.fields.String(allow_none=True, required=True, metadata={"format": "date-time"})
    server_now = ma.fields.String(required=True, metadata={"format": "date-time"})


class PhaseChangeSchema(BaseSchema):
    """The phase to move to."""

    phase = choice(PHASES, required=True)


class TimerField(ma.fields.Nested):
    """The session's phase timer, computed from its deadline when dumped."""

    def __init__(self, **kwargs) -> None:
        super().__init__(TimerSchema, dump_only=True, **kwargs)

    def get_value(self, obj, attr, accessor=None, default=ma.missing):
        return timer_state(obj)


class _SummaryView:
    """A session seen through its summary, with the counts beside its own attributes."""

    def __init__(self, summary: SessionSummary) -> None:
        self._session = summary.session
        self.idea_count = summary.idea_count
        self.participants = summary.participant_count

    def __getattr__(self, name: str):
        return getattr(self._session, name)


class SessionSchema(BaseSchema):
    """A session as staff see it (lists add idea and participant counts)."""

    id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    prompt = ma.fields.String(required=True)
    target_level_id = ma.fields.Integer(required=True)
    target_level = ma.fields.Function(
        lambda s: s.target_level.name, required=True, metadata={"type": "string"}
    )
    contributing_level_ids = ma.fields.Function(
        lambda s: [level.id for level in s.contributing_levels],
        required=True,
        metadata={"type": "array", "items": {"type": "integer"}},
    )
    voting_mode = ma.fields.String(required=True, metadata={"enum": list(VOTING_MODES)})
    phase = ma.fields.String(required=True, metadata={"enum": list(PHASES)})
    allowed_phases = ma.fields.Function(
        lambda s: list(allowed_phase_moves(s)),
        required=True,
        metadata={"type": "array", "items": {"enum": list(PHASES)}},
    )
    join_code = ma.fields.String(required=True)
    join_url = ma.fields.Function(
        lambda s: join_url(s.join_code),
        required=True,
        metadata={"type": "string", "format": "uri"},
    )
    results_public = ma.fields.Boolean(required=True)
    language = ma.fields.String(required=True)
    owner_id = ma.fields.Integer(required=True)
    created_at = MinuteTime(required=True)
    joining_open = ma.fields.Boolean(required=True)
    moderation = ma.fields.String(required=True, metadata={"enum": list(MODERATION_MODES)})
    show_live_counts = ma.fields.Boolean(required=True)
    collecting_minutes = ma.fields.Integer(allow_none=True, required=True)
    voting_minutes = ma.fields.Integer(allow_none=True, required=True)
    dot_budget = ma.fields.Integer(required=True)
    dots_per_idea = ma.fields.Integer(required=True)
    allow_self_votes = ma.fields.Boolean(required=True)
    ballot_cards = ma.fields.Boolean(required=True)
    anonymous = ma.fields.Constant(
        True, required=True, metadata={"type": "boolean", "description": "Always true."}
    )
    follow_up_of_id = ma.fields.Integer(
        allow_none=True, required=True, metadata={"description": "The session it follows up."}
    )
    follow_up_ids = ma.fields.Function(
        lambda s: [other.id for other in s.follow_ups],
        required=True,
        metadata={"type": "array", "items": {"type": "integer"}, "description": "Its follow-ups."},
    )
    segments = ma.fields.List(
        ma.fields.Nested(SegmentTagSchema),
        required=True,
        metadata={"description": "The customer segments it concerns, by name."},
    )
    timer = TimerField(required=True)
    idea_count = ma.fields.Integer(metadata={"description": "Only in lists."})
    participants = ma.fields.Integer(metadata={"description": "Only in lists."})

    @pre_dump
    def _unwrap_summary(self, item, **kwargs):
        return _SummaryView(item) if isinstance(item, SessionSummary) else item


class ParticipantSessionSchema(BaseSchema):
    """A session as its participants see it: no owner, no code management."""

    id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    prompt = ma.fields.String(required=True)
    phase = ma.fields.String(required=True, metadata={"enum": list(PHASES)})
    voting_mode = ma.fields.String(required=True, metadata={"enum": list(VOTING_MODES)})
    results_public = ma.fields.Boolean(required=True)
    dot_budget = ma.fields.Integer(required=True)
    dots_per_idea = ma.fields.Integer(required=True)
    allow_self_votes = ma.fields.Boolean(required=True)
    timer = TimerField(required=True)


class JoinRequestSchema(BaseSchema):
    """The code shown by the facilitator, and optionally the level and team one belongs to."""

    code = Text(
        required=True,
        metadata={"example": "K7P2QX", "description": "The session's code, or a ballot card's."},
    )
    level_id = optional(Id)
    team_id = optional(
        Id, metadata={"description": "The team one belongs to, if one wants to say (optional)."}
    )


class JoinedSchema(BaseSchema):
    """A new participant's only key, and the session joined."""

    participant_token = ma.fields.String(required=True)
    session_id = ma.fields.Integer(required=True)
    session = ma.fields.Nested(ParticipantSessionSchema, required=True)
