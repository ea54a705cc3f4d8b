"""The JSON export, schema "feedback_app.export/1" (docs/exports.md), streamed piece by piece.

The marshmallow schemas below are the one declaration of the document: they shape every piece
written and describe the API's response in OpenAPI. The document is written a session, then an
idea, at a time, so a large ranking never sits in memory as one string.
"""

import json
from collections.abc import Iterator
from datetime import date

import marshmallow as ma

from feedback_app.models.public_ids import OPAQUE
from feedback_app.services.exports.content import SessionContent

SCHEMA_ID = "feedback_app.export/1"
IDEAS_PER_CHUNK = 500


class ExportFactsSchema(ma.Schema):
    """The session: its question, level, phase, mode, participant count and first day."""

    session_id = ma.fields.Integer(required=True)
    title = ma.fields.String(required=True)
    prompt = ma.fields.String(required=True)
    target_level = ma.fields.String(required=True)
    phase = ma.fields.String(required=True)
    voting_mode = ma.fields.String(required=True)
    participants = ma.fields.Integer(required=True)
    created_on = ma.fields.Date(required=True, metadata={"description": "A date, no time."})


class ExportIdeaSchema(ma.Schema):
    """A ranked idea and its votes per level group (keys as in breakdown.groups)."""

    idea_id = ma.fields.String(required=True, metadata={"description": OPAQUE})
    rank = ma.fields.Integer(required=True, metadata={"description": "Tied ideas share a rank."})
    tied = ma.fields.Boolean(required=True)
    text = ma.fields.String(required=True)
    votes = ma.fields.Integer(
        required=True, metadata={"description": "Up-votes, dots, ratings or pairwise wins."}
    )
    score = ma.fields.Float(required=True)
    consensus = ma.fields.Float(required=True, allow_none=True)
    votes_by_group = ma.fields.Dict(
        keys=ma.fields.String(),
        values=ma.fields.Integer(),
        required=True,
        metadata={"description": "Empty when the session has no breakdown (under k people)."},
    )


class ExportCandidateSchema(ma.Schema):
    """A candidate standard with the ideas behind it."""

    title = ma.fields.String(attribute="standard.title", required=True)
    statement = ma.fields.String(attribute="standard.statement", required=True)
    protocol_stage = ma.fields.String(attribute="standard.protocol_stage", required=True)
    votes = ma.fields.Integer(required=True)
    supporters = ma.fields.Integer(
        required=True, allow_none=True, metadata={"description": "null when fewer than k."}
    )
    ideas = ma.fields.Function(
        lambda item: [{"idea_id": idea.public_id, "text": idea.text} for idea in item.ideas],
        required=True,
        metadata={
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "idea_id": {"type": "string", "description": OPAQUE},
                    "text": {"type": "string"},
                },
            },
        },
    )


class ExportGroupSchema(ma.Schema):
    """A level group of at least k people: a level, or small levels pooled."""

    key = ma.fields.String(required=True)
    name = ma.fields.String(required=True)
    level_names = ma.fields.List(ma.fields.String(), required=True)
    participants = ma.fields.Integer(required=True)
    ideas = ma.fields.Integer(required=True)
    votes = ma.fields.Integer(required=True)


class ExportBreakdownSchema(ma.Schema):
    """The level groups; `shown` is false (and `groups` empty) under k participants."""

    shown = ma.fields.Boolean(required=True)
    min_group = ma.fields.Integer(required=True, metadata={"description": "k of k-anonymity."})
    groups = ma.fields.List(ma.fields.Nested(ExportGroupSchema), required=True)


class ExportSessionSchema(ma.Schema):
    """One session of the export."""

    session = ma.fields.Nested(ExportFactsSchema, required=True)
    ideas = ma.fields.List(ma.fields.Nested(ExportIdeaSchema), required=True)
    candidates = ma.fields.List(ma.fields.Nested(ExportCandidateSchema), required=True)
    breakdown = ma.fields.Nested(ExportBreakdownSchema, required=True)


class ExportDocumentSchema(ma.Schema):
    """An export of one or more sessions' results (schema "feedback_app.export/1")."""

    schema = ma.fields.String(required=True, metadata={"enum": [SCHEMA_ID]})
    exported_on = ma.fields.Date(required=True)
    sessions = ma.fields.List(ma.fields.Nested(ExportSessionSchema), required=True)


_facts, _idea = ExportFactsSchema(), ExportIdeaSchema()
_candidates, _breakdown = ExportCandidateSchema(many=True), ExportBreakdownSchema()


def _dumps(value) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _session_pieces(content: SessionContent) -> Iterator[str]:
    yield '{"session":' + _dumps(_facts.dump(content.facts)) + ',"ideas":['
    for index, row in enumerate(content.ideas):
        yield ("," if index else "") + _dumps(_idea.dump(row))
    yield '],"candidates":' + _dumps(_candidates.dump(content.standards))
    yield ',"breakdown":' + _dumps(_breakdown.dump(content.breakdown)) + "}"


def json_chunks(contents: list[SessionContent], exported_on: date) -> Iterator[bytes]:
    """Yield the document in UTF-8 chunks of a few hundred ideas."""
    head = {"schema": SCHEMA_ID, "exported_on": exported_on.isoformat()}
    pending = [_dumps(head)[:-1] + ',"sessions":[']
    for index, content in enumerate(contents):
        if index:
            pending.append(",")
        for piece in _session_pieces(content):
            pending.append(piece)
            if len(pending) >= IDEAS_PER_CHUNK:
                yield "".join(pending).encode("utf-8")
                pending = []
    pending.append("]}")
    yield "".join(pending).encode("utf-8")
