"""GET /api/openapi.json: the OpenAPI 3.1 document of every /api/v1 route."""

from flask import jsonify

from feedback_app.api.blueprint import bp
from feedback_app.models import PHASES, VOTING_MODES
from feedback_app.models.ideas import IDEA_MAX, IDEA_MIN
from feedback_app.models.sessions import PROMPT_MAX, TITLE_MAX


def _ref(name: str) -> dict:
    return {"$ref": f"#/components/schemas/{name}"}


def _json(schema: dict) -> dict:
    return {"content": {"application/json": {"schema": schema}}}


def _ok(description: str, schema: dict | None = None) -> dict:
    return {"description": description, **(_json(schema) if schema else {})}


def _errors(*statuses: int) -> dict:
    return {str(s): {"$ref": f"#/components/responses/Error{s}"} for s in statuses}


def _body(schema: dict) -> dict:
    return {"required": True, **_json(schema)}


def _path_id(name: str) -> dict:
    return {"name": name, "in": "path", "required": True, "schema": {"type": "integer"}}


def _object(properties: dict, required: tuple[str, ...] = ()) -> dict:
    return {"type": "object", "properties": properties, "required": list(required)}


STRING = {"type": "string"}
INTEGER = {"type": "integer"}
BOOLEAN = {"type": "boolean"}

SCHEMAS = {
    "Error": _object(
        {
            "error": _object(
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
    "Level": _object(
        {"id": INTEGER, "name": STRING, "position": INTEGER, "retired": BOOLEAN},
        ("id", "name"),
    ),
    "Session": _object(
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
            "owner_id": INTEGER,
            "created_at": STRING,
            "idea_count": INTEGER,
            "participants": INTEGER,
        },
        ("id", "title", "prompt", "phase", "join_code", "join_url"),
    ),
    "ParticipantSession": _object(
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
    "ParticipantIdea": _object(
        {"id": INTEGER, "text": STRING, "mine": BOOLEAN, "voted": BOOLEAN},
        ("id", "text", "mine", "voted"),
    ),
    "StaffIdea": _object(
        {
            "id": INTEGER,
            "text": STRING,
            "status": {"enum": ["visible", "hidden"]},
            "votes": INTEGER,
            "created_at": STRING,
        },
        ("id", "text", "status", "votes"),
    ),
    "Idea": _object(
        {"id": INTEGER, "text": STRING, "status": {"enum": ["visible", "hidden"]}},
        ("id", "text"),
    ),
    "RankedIdea": _object(
        {"idea_id": INTEGER, "text": STRING, "votes": INTEGER, "rank": INTEGER},
        ("idea_id", "text", "votes", "rank"),
    ),
    "VoteState": _object(
        {"idea_id": INTEGER, "voted": BOOLEAN, "removed": BOOLEAN}, ("idea_id", "voted")
    ),
}

IDEA_TEXT = {"type": "string", "minLength": IDEA_MIN, "maxLength": IDEA_MAX}
SESSION_ID = [_path_id("session_id")]
IDEA_ID = [_path_id("idea_id")]

PATHS = {
    "/api/v1/auth/token": {
        "post": {
            "summary": "Exchange staff credentials for a bearer token",
            "security": [],
            "requestBody": _body(
                _object({"email": STRING, "password": STRING}, ("email", "password"))
            ),
            "responses": {
                "200": _ok(
                    "A token",
                    _object(
                        {
                            "token": STRING,
                            "token_type": STRING,
                            "expires_in": INTEGER,
                            "role": STRING,
                        },
                        ("token",),
                    ),
                ),
                **_errors(400, 401, 422),
            },
        }
    },
    "/api/v1/levels": {
        "get": {
            "summary": "List the active management levels",
            "security": [],
            "responses": {"200": _ok("Levels in order", {"type": "array", "items": _ref("Level")})},
        }
    },
    "/api/v1/sessions": {
        "get": {
            "summary": "List the sessions the staff caller may see",
            "responses": {
                "200": _ok("Sessions", {"type": "array", "items": _ref("Session")}),
                **_errors(401, 403),
            },
        },
        "post": {
            "summary": "Create a draft session",
            "requestBody": _body(
                _object(
                    {
                        "title": {"type": "string", "maxLength": TITLE_MAX},
                        "prompt": {"type": "string", "maxLength": PROMPT_MAX},
                        "target_level_id": INTEGER,
                        "contributing_level_ids": {"type": "array", "items": INTEGER},
                        "voting_mode": {"enum": list(VOTING_MODES)},
                        "results_public": BOOLEAN,
                    },
                    ("title", "prompt", "target_level_id"),
                )
            ),
            "responses": {"201": _ok("Created", _ref("Session")), **_errors(400, 401, 403, 422)},
        },
    },
    "/api/v1/sessions/{session_id}": {
        "parameters": SESSION_ID,
        "get": {
            "summary": "Read a session (reduced view for its participants)",
            "responses": {
                "200": _ok("The session", {"oneOf": [_ref("Session"), _ref("ParticipantSession")]}),
                **_errors(401, 403, 404),
            },
        },
        "patch": {
            "summary": "Share the results with participants (or stop)",
            "requestBody": _body(_object({"results_public": BOOLEAN})),
            "responses": {
                "200": _ok("Updated", _ref("Session")),
                **_errors(400, 401, 403, 404, 422),
            },
        },
    },
    "/api/v1/sessions/{session_id}/phase": {
        "parameters": SESSION_ID,
        "post": {
            "summary": "Move the session to another phase",
            "requestBody": _body(_object({"phase": {"enum": list(PHASES)}}, ("phase",))),
            "responses": {
                "200": _ok("Moved", _ref("Session")),
                **_errors(400, 401, 403, 404, 409, 422),
            },
        },
    },
    "/api/v1/join": {
        "post": {
            "summary": "Join a session anonymously by its code",
            "security": [],
            "requestBody": _body(_object({"code": STRING, "level_id": INTEGER}, ("code",))),
            "responses": {
                "201": _ok(
                    "Joined",
                    _object(
                        {
                            "participant_token": STRING,
                            "session_id": INTEGER,
                            "session": _ref("ParticipantSession"),
                        },
                        ("participant_token", "session_id"),
                    ),
                ),
                **_errors(400, 404, 409, 422),
            },
        }
    },
    "/api/v1/sessions/{session_id}/ideas": {
        "parameters": SESSION_ID,
        "get": {
            "summary": "Ideas: participants get their own random order, staff get all with counts",
            "responses": {
                "200": _ok(
                    "Ideas",
                    {
                        "oneOf": [
                            {"type": "array", "items": _ref("ParticipantIdea")},
                            {"type": "array", "items": _ref("StaffIdea")},
                        ]
                    },
                ),
                **_errors(401, 403, 404),
            },
        },
        "post": {
            "summary": "Add an idea (participant, collecting phase)",
            "requestBody": _body(_object({"text": IDEA_TEXT}, ("text",))),
            "responses": {
                "201": _ok("Added", _ref("Idea")),
                **_errors(400, 401, 403, 404, 409, 422),
            },
        },
    },
    "/api/v1/ideas/{idea_id}": {
        "parameters": IDEA_ID,
        "patch": {
            "summary": "Reword your idea ({text}) or, as staff, hide/show it ({status})",
            "requestBody": _body(
                _object({"text": IDEA_TEXT, "status": {"enum": ["visible", "hidden"]}})
            ),
            "responses": {
                "200": _ok("Updated", _ref("Idea")),
                **_errors(400, 401, 403, 404, 409, 422),
            },
        },
        "delete": {
            "summary": "Withdraw your own idea (collecting phase)",
            "responses": {"204": _ok("Withdrawn"), **_errors(401, 403, 404, 409)},
        },
    },
    "/api/v1/ideas/{idea_id}/vote": {
        "parameters": IDEA_ID,
        "post": {
            "summary": "Vote for an idea (voting phase); repeating it keeps one vote",
            "responses": {
                "201": _ok("Vote recorded", _ref("VoteState")),
                "200": _ok("Vote already recorded", _ref("VoteState")),
                **_errors(401, 403, 404, 409),
            },
        },
        "delete": {
            "summary": "Remove your vote (voting phase)",
            "responses": {
                "200": _ok("Vote removed", _ref("VoteState")),
                **_errors(401, 403, 404, 409),
            },
        },
    },
    "/api/v1/sessions/{session_id}/ranking": {
        "parameters": SESSION_ID,
        "get": {
            "summary": "Ideas ranked by votes (participants once results are shared)",
            "responses": {
                "200": _ok("Ranking", {"type": "array", "items": _ref("RankedIdea")}),
                **_errors(401, 403, 404),
            },
        },
    },
}

ERROR_TEXT = {
    400: "Malformed request",
    401: "Missing or invalid bearer token",
    403: "Not allowed for this caller",
    404: "Not found",
    409: "Conflicts with the current state (e.g. wrong phase)",
    422: "A field is missing or invalid",
}


def openapi_document() -> dict:
    """Assemble the whole OpenAPI document."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "feedback_app API",
            "version": "1.0.0",
            "description": (
                "Anonymous brainstorming, voting and ranking for customer-service standards."
            ),
        },
        "servers": [{"url": "/"}],
        "security": [{"bearer": []}],
        "paths": PATHS,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "responses": {
                f"Error{status}": _ok(text, _ref("Error")) for status, text in ERROR_TEXT.items()
            },
        },
    }


@bp.get("/openapi.json")
def openapi_json():
    """Serve the OpenAPI document."""
    return jsonify(openapi_document())
