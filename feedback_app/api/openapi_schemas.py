"""Building blocks and component schemas of the OpenAPI document."""

from feedback_app.models import PHASES, VOTING_MODES
from feedback_app.services.text import PROTOCOL_STAGES


def ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def json_content(schema: dict) -> dict:
    return {"content": {"application/json": {"schema": schema}}}


def ok(description: str, schema: dict | None = None) -> dict:
    return {"description": description, **(json_content(schema) if schema else {})}


def errors(*statuses: int) -> dict:
    return {str(s): {"$ref": f"#/components/responses/Error{s}"} for s in statuses}


def body(schema: dict) -> dict:
    return {"required": True, **json_content(schema)}


def path_id(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}


def obj(properties: dict, required: tuple[str, ...] = ()) -> dict:
    return {"type": "object", "properties": properties, "required": list(required)}


STRING = {"type": "string"}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}

SCHEMAS = {
    "Error": obj(
        {
            "error": obj(
                {
                    "code": STRING,
                    "message": STRING,
                    "fields": {"type": "object", "additionalProperties": STRING},
                },
                ("code", "message", "fields"),
            )
        },
        ("error",),
    ),
    "Level": obj(
        {"id": INTEGER, "name": STRING, "position": INTEGER, "retired": BOOLEAN},
        ("id", "name"),
    ),
    "Session": obj(
        {
            "id": INTEGER,
            "title": STRING,
            "prompt": STRING,
            "target_level_id": INTEGER,
            "target_level": STRING,
            "contributing_level_ids": {"type": "array", "items": INTEGER},
            "voting_mode": {"enum": list(VOTING_MODES)},
            "phase": {"enum": list(PHASES)},
            "allowed_phases": {"type": "array", "items": {"enum": list(PHASES)}},
            "join_code": STRING,
            "join_url": {"type": "string", "format": "uri"},
            "results_public": BOOLEAN,
            "language": STRING,
            "owner_id": INTEGER,
            "created_at": STRING,
            "idea_count": INTEGER,
            "participants": INTEGER,
        },
        ("id", "title", "prompt", "phase", "join_code", "join_url"),
    ),
    "ParticipantSession": obj(
        {
            "id": INTEGER,
            "title": STRING,
            "prompt": STRING,
            "phase": {"enum": list(PHASES)},
            "voting_mode": STRING,
            "results_public": BOOLEAN,
        },
        ("id", "title", "prompt", "phase"),
    ),
    "ParticipantIdea": obj(
        {"id": INTEGER, "text": STRING, "mine": BOOLEAN, "voted": BOOLEAN},
        ("id", "text", "mine", "voted"),
    ),
    "StaffIdea": obj(
        {
            "id": INTEGER,
            "text": STRING,
            "status": {"enum": ["visible", "hidden"]},
            "votes": INTEGER,
            "created_at": STRING,
        },
        ("id", "text", "status", "votes"),
    ),
    "Idea": obj(
        {"id": INTEGER, "text": STRING, "status": {"enum": ["visible", "hidden"]}},
        ("id", "text"),
    ),
    "RankedIdea": obj(
        {"idea_id": INTEGER, "text": STRING, "votes": INTEGER, "rank": INTEGER},
        ("idea_id", "text", "votes", "rank"),
    ),
    "Cluster": obj(
        {
            "id": INTEGER,
            "label": STRING,
            "keywords": {"type": "array", "items": STRING},
            "protocol_stage": {"enum": list(PROTOCOL_STAGES)},
            "idea_ids": {"type": "array", "items": INTEGER},
            "pinned": BOOLEAN,
            "is_other": BOOLEAN,
        },
        ("id", "label", "keywords", "protocol_stage", "idea_ids"),
    ),
    "ClusterRun": obj(
        {
            "run_id": INTEGER,
            "status": {"enum": ["running", "done", "failed"]},
            "progress": INTEGER,
            "error": {"type": ["string", "null"]},
            "backend": {"enum": ["nltk", "semantic"]},
            "requested_k": {"type": ["integer", "null"]},
            "k": INTEGER,
            "idea_count": INTEGER,
            "created_at": STRING,
            "clusters": {"type": "array", "items": ref("Cluster")},
            "near_duplicates": {
                "type": "array",
                "items": obj(
                    {
                        "idea_ids": {"type": "array", "items": INTEGER},
                        "similarity": {"type": "number"},
                    }
                ),
            },
        },
        ("run_id", "status", "clusters"),
    ),
    "CandidateStandard": obj(
        {
            "id": INTEGER,
            "session_id": INTEGER,
            "title": STRING,
            "statement": STRING,
            "protocol_stage": {"enum": list(PROTOCOL_STAGES)},
            "status": STRING,
            "idea_ids": {"type": "array", "items": INTEGER},
            "votes": INTEGER,
            "supporters": INTEGER,
            "score": INTEGER,
            "source_cluster_id": {"type": ["integer", "null"]},
        },
        ("id", "title", "statement", "protocol_stage", "idea_ids", "score"),
    ),
    "VoteState": obj(
        {"idea_id": INTEGER, "voted": BOOLEAN, "removed": BOOLEAN}, ("idea_id", "voted")
    ),
}
