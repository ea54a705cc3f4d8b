"""Schemas of clustering runs, themes and candidate standards."""

import marshmallow as ma
from marshmallow import validate

from feedback_app.api.schemas.common import BaseSchema
from feedback_app.api.schemas.fields import (
    Boolean,
    Id,
    Integer,
    MinuteTime,
    PublicId,
    PublicIdList,
    Text,
    optional,
)
from feedback_app.models.clusters import LABEL_MAX, RUN_STATUSES
from feedback_app.models.public_ids import OPAQUE
from feedback_app.services.clustering import K_MAX
from feedback_app.services.text import PROTOCOL_STAGES

IDS = {"type": "array", "items": {"type": "string", "description": OPAQUE}}


class BackendsSchema(BaseSchema):
    """Installed clustering methods and optional NLTK data."""

    backends = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Boolean(), required=True)
    nltk_data = ma.fields.Dict(keys=ma.fields.String(), values=ma.fields.Boolean(), required=True)


class RunRequestSchema(BaseSchema):
    """How to group: a number of themes (automatic when absent) and a method."""

    k = optional(
        Integer,
        validate=validate.Range(
            min=1, max=K_MAX, error=f"The number of themes must be from 1 to {K_MAX}."
        ),
    )
    backend = Text(load_default="nltk", metadata={"enum": ["nltk", "semantic"]})


class ClusterUpdateSchema(BaseSchema):
    """A new name, and/or pinned so that re-runs keep the theme; or take or leave the name
    the pipeline suggests after an edit (either way the name then stays as it is)."""

    label = optional(Text, validate=validate.Length(max=LABEL_MAX))
    pinned = optional(Boolean)
    accept_suggested_label = optional(
        Boolean, metadata={"description": "true: name the theme as suggested_label says"}
    )
    keep_label = optional(
        Boolean, metadata={"description": "true: keep the name and drop suggested_label"}
    )


class MoveIdeaSchema(BaseSchema):
    """The idea to move into this theme."""

    idea_id = PublicId(required=True)


class MergeClusterSchema(BaseSchema):
    """The theme to fold into this one."""

    cluster_id = Id(required=True)


class SplitClusterSchema(BaseSchema):
    """The ideas to split off into a new theme."""

    idea_ids = PublicIdList(required=True)


class ClusterSchema(BaseSchema):
    """A theme: label, key phrases, protocol stage and its visible ideas."""

    id = ma.fields.Integer(required=True)
    label = ma.fields.String(required=True)
    keywords = ma.fields.List(ma.fields.String(), required=True)
    protocol_stage = ma.fields.String(required=True, metadata={"enum": list(PROTOCOL_STAGES)})
    idea_ids = ma.fields.Function(
        lambda column: [card.public_id for card in column.ideas], required=True, metadata=IDS
    )
    pinned = ma.fields.Boolean(required=True)
    is_other = ma.fields.Boolean(required=True)
    label_edited = ma.fields.Boolean(
        required=True,
        metadata={"description": "The facilitator wrote or accepted the label: it stays."},
    )
    suggested_label = ma.fields.String(
        allow_none=True,
        required=True,
        metadata={"description": "A new name the pipeline offers after an edit; not applied."},
    )
    representative_idea_id = ma.fields.Function(
        lambda column: column.representative.public_id if column.representative else None,
        allow_none=True,
        required=True,
        metadata={"type": "string", "description": "The idea closest to the theme's centre."},
    )
    representative_text = ma.fields.Function(
        lambda column: column.representative.text if column.representative else None,
        allow_none=True,
        required=True,
        metadata={"type": "string"},
    )


class NearDuplicateSchema(BaseSchema):
    """Two ideas that say nearly the same thing."""

    idea_ids = ma.fields.Function(
        lambda pair: [pair.first.public_id, pair.second.public_id], required=True, metadata=IDS
    )
    similarity = ma.fields.Float(required=True)


class ClusterRunSchema(BaseSchema):
    """A clustering run; poll it while its status is 'running'."""

    run_id = ma.fields.Integer(attribute="run.id", required=True)
    status = ma.fields.String(
        attribute="run.status", required=True, metadata={"enum": list(RUN_STATUSES)}
    )
    progress = ma.fields.Integer(attribute="run.progress", required=True)
    error = ma.fields.String(attribute="run.error", allow_none=True, required=True)
    backend = ma.fields.String(
        attribute="run.backend", required=True, metadata={"enum": ["nltk", "semantic"]}
    )
    requested_k = ma.fields.Integer(attribute="run.requested_k", allow_none=True, required=True)
    k = ma.fields.Integer(attribute="run.k", required=True)
    idea_count = ma.fields.Integer(attribute="run.idea_count", required=True)
    created_at = MinuteTime(attribute="run.created_at", required=True)
    clusters = ma.fields.List(ma.fields.Nested(ClusterSchema), required=True)
    near_duplicates = ma.fields.List(ma.fields.Nested(NearDuplicateSchema), required=True)


class CandidateStandardSchema(BaseSchema):
    """A candidate standard with the votes behind it."""

    id = ma.fields.Integer(attribute="standard.id", required=True)
    session_id = ma.fields.Integer(attribute="standard.session_id", required=True)
    title = ma.fields.String(attribute="standard.title", required=True)
    statement = ma.fields.String(attribute="standard.statement", required=True)
    procedures = ma.fields.List(
        ma.fields.String(),
        attribute="standard.steps",
        required=True,
        metadata={"description": "The steps to take, in order."},
    )
    protocol_stage = ma.fields.String(
        attribute="standard.protocol_stage",
        required=True,
        metadata={"enum": list(PROTOCOL_STAGES)},
    )
    status = ma.fields.String(attribute="standard.status", required=True)
    idea_ids = ma.fields.Function(
        lambda item: [idea.public_id for idea in item.ideas], required=True, metadata=IDS
    )
    votes = ma.fields.Integer(required=True)
    supporters = ma.fields.Integer(
        required=True,
        allow_none=True,
        metadata={
            "description": "Different people behind its ideas; null when fewer than k "
            "(BREAKDOWN_MIN_GROUP, 5 by default), so no one can be singled out."
        },
    )
    score = ma.fields.Integer(required=True)
    source_cluster_id = ma.fields.Integer(
        attribute="standard.source_cluster_id", allow_none=True, required=True
    )
