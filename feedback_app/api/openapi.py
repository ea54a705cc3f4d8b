"""GET /api/openapi.json: the OpenAPI 3.1 document of every /api/v1 route."""

from flask import jsonify

from feedback_app.api.blueprint import bp
from feedback_app.api.openapi_schemas import (
    BOOLEAN,
    INTEGER,
    SCHEMAS,
    STRING,
    body,
    errors,
    obj,
    ok,
    path_id,
    ref,
)
from feedback_app.models import PHASES, VOTING_MODES
from feedback_app.models.ideas import IDEA_MAX, IDEA_MIN
from feedback_app.models.sessions import PROMPT_MAX, TITLE_MAX
from feedback_app.services.text import SUPPORTED_LANGUAGES

IDEA_TEXT = {"type": "string", "minLength": IDEA_MIN, "maxLength": IDEA_MAX}
SESSION_ID = [path_id("session_id")]
IDEA_ID = [path_id("idea_id")]
CLUSTER_ID = [path_id("cluster_id")]

PATHS = {
    "/api/v1/auth/token": {
        "post": {
            "summary": "Exchange staff credentials for a bearer token",
            "security": [],
            "requestBody": body(obj({"email": STRING, "password": STRING}, ("email", "password"))),
            "responses": {
                "200": ok(
                    "A token",
                    obj(
                        {
                            "token": STRING,
                            "token_type": STRING,
                            "expires_in": INTEGER,
                            "role": STRING,
                        },
                        ("token",),
                    ),
                ),
                **errors(400, 401, 422),
            },
        }
    },
    "/api/v1/levels": {
        "get": {
            "summary": "List the active management levels",
            "security": [],
            "responses": {"200": ok("Levels in order", {"type": "array", "items": ref("Level")})},
        }
    },
    "/api/v1/sessions": {
        "get": {
            "summary": "List the sessions the staff caller may see",
            "responses": {
                "200": ok("Sessions", {"type": "array", "items": ref("Session")}),
                **errors(401, 403),
            },
        },
        "post": {
            "summary": "Create a draft session",
            "requestBody": body(
                obj(
                    {
                        "title": {"type": "string", "maxLength": TITLE_MAX},
                        "prompt": {"type": "string", "maxLength": PROMPT_MAX},
                        "target_level_id": INTEGER,
                        "contributing_level_ids": {"type": "array", "items": INTEGER},
                        "voting_mode": {"enum": list(VOTING_MODES)},
                        "results_public": BOOLEAN,
                        "language": {"enum": list(SUPPORTED_LANGUAGES)},
                    },
                    ("title", "prompt", "target_level_id"),
                )
            ),
            "responses": {"201": ok("Created", ref("Session")), **errors(400, 401, 403, 422)},
        },
    },
    "/api/v1/sessions/{session_id}": {
        "parameters": SESSION_ID,
        "get": {
            "summary": "Read a session (reduced view for its participants)",
            "responses": {
                "200": ok("The session", {"oneOf": [ref("Session"), ref("ParticipantSession")]}),
                **errors(401, 403, 404),
            },
        },
        "patch": {
            "summary": "Share the results with participants (or stop)",
            "requestBody": body(obj({"results_public": BOOLEAN})),
            "responses": {
                "200": ok("Updated", ref("Session")),
                **errors(400, 401, 403, 404, 422),
            },
        },
    },
    "/api/v1/sessions/{session_id}/phase": {
        "parameters": SESSION_ID,
        "post": {
            "summary": "Move the session to another phase",
            "requestBody": body(obj({"phase": {"enum": list(PHASES)}}, ("phase",))),
            "responses": {
                "200": ok("Moved", ref("Session")),
                **errors(400, 401, 403, 404, 409, 422),
            },
        },
    },
    "/api/v1/join": {
        "post": {
            "summary": "Join a session anonymously by its code",
            "security": [],
            "requestBody": body(obj({"code": STRING, "level_id": INTEGER}, ("code",))),
            "responses": {
                "201": ok(
                    "Joined",
                    obj(
                        {
                            "participant_token": STRING,
                            "session_id": INTEGER,
                            "session": ref("ParticipantSession"),
                        },
                        ("participant_token", "session_id"),
                    ),
                ),
                **errors(400, 404, 409, 422),
            },
        }
    },
    "/api/v1/sessions/{session_id}/ideas": {
        "parameters": SESSION_ID,
        "get": {
            "summary": "Ideas: participants get their own random order, staff get all with counts",
            "responses": {
                "200": ok(
                    "Ideas",
                    {
                        "oneOf": [
                            {"type": "array", "items": ref("ParticipantIdea")},
                            {"type": "array", "items": ref("StaffIdea")},
                        ]
                    },
                ),
                **errors(401, 403, 404),
            },
        },
        "post": {
            "summary": "Add an idea (participant, collecting phase)",
            "requestBody": body(obj({"text": IDEA_TEXT}, ("text",))),
            "responses": {
                "201": ok("Added", ref("Idea")),
                **errors(400, 401, 403, 404, 409, 422),
            },
        },
    },
    "/api/v1/ideas/{idea_id}": {
        "parameters": IDEA_ID,
        "patch": {
            "summary": "Reword your idea ({text}) or, as staff, hide/show it ({status})",
            "requestBody": body(
                obj({"text": IDEA_TEXT, "status": {"enum": ["visible", "hidden"]}})
            ),
            "responses": {
                "200": ok("Updated", ref("Idea")),
                **errors(400, 401, 403, 404, 409, 422),
            },
        },
        "delete": {
            "summary": "Withdraw your own idea (collecting phase)",
            "responses": {"204": ok("Withdrawn"), **errors(401, 403, 404, 409)},
        },
    },
    "/api/v1/ideas/{idea_id}/vote": {
        "parameters": IDEA_ID,
        "post": {
            "summary": "Vote for an idea (voting phase); repeating it keeps one vote",
            "responses": {
                "201": ok("Vote recorded", ref("VoteState")),
                "200": ok("Vote already recorded", ref("VoteState")),
                **errors(401, 403, 404, 409),
            },
        },
        "delete": {
            "summary": "Remove your vote (voting phase)",
            "responses": {
                "200": ok("Vote removed", ref("VoteState")),
                **errors(401, 403, 404, 409),
            },
        },
    },
    "/api/v1/sessions/{session_id}/ranking": {
        "parameters": SESSION_ID,
        "get": {
            "summary": "Ideas ranked by votes (participants once results are shared)",
            "responses": {
                "200": ok("Ranking", {"type": "array", "items": ref("RankedIdea")}),
                **errors(401, 403, 404),
            },
        },
    },
}

PATHS |= {
    "/api/v1/clustering/backends": {
        "get": {
            "summary": "Which clustering methods and optional NLTK data are installed",
            "responses": {
                "200": ok(
                    "Backends",
                    obj(
                        {
                            "backends": {"type": "object", "additionalProperties": BOOLEAN},
                            "nltk_data": {"type": "object", "additionalProperties": BOOLEAN},
                        }
                    ),
                ),
                **errors(401, 403),
            },
        }
    },
    "/api/v1/sessions/{session_id}/clusters": {
        "parameters": SESSION_ID,
        "get": {
            "summary": "The latest clustering run (poll while status is running)",
            "responses": {"200": ok("Run", ref("ClusterRun")), **errors(401, 403, 404)},
        },
        "post": {
            "summary": "Group the visible ideas into themes (k chosen automatically if omitted)",
            "requestBody": body(obj({"k": {"type": "integer", "minimum": 1}, "backend": STRING})),
            "responses": {
                "201": ok("Clustered", ref("ClusterRun")),
                "202": ok("Clustering in the background", ref("ClusterRun")),
                **errors(400, 401, 403, 404, 409, 422),
            },
        },
    },
    "/api/v1/clusters/{cluster_id}": {
        "parameters": CLUSTER_ID,
        "patch": {
            "summary": "Rename a theme and/or pin it",
            "requestBody": body(obj({"label": STRING, "pinned": BOOLEAN})),
            "responses": {
                "200": ok("Updated", ref("Cluster")),
                **errors(400, 401, 403, 404, 409, 422),
            },
        },
    },
    "/api/v1/clusters/{cluster_id}/ideas": {
        "parameters": CLUSTER_ID,
        "post": {
            "summary": "Move an idea into this theme",
            "requestBody": body(obj({"idea_id": INTEGER}, ("idea_id",))),
            "responses": {
                "200": ok("The run after the move", ref("ClusterRun")),
                **errors(400, 401, 403, 404, 409, 422),
            },
        },
    },
    "/api/v1/clusters/{cluster_id}/merge": {
        "parameters": CLUSTER_ID,
        "post": {
            "summary": "Merge another theme into this one",
            "requestBody": body(obj({"cluster_id": INTEGER}, ("cluster_id",))),
            "responses": {
                "200": ok("The run after the merge", ref("ClusterRun")),
                **errors(400, 401, 403, 404, 409, 422),
            },
        },
    },
    "/api/v1/clusters/{cluster_id}/split": {
        "parameters": CLUSTER_ID,
        "post": {
            "summary": "Split some ideas off into a new theme",
            "requestBody": body(
                obj({"idea_ids": {"type": "array", "items": INTEGER}}, ("idea_ids",))
            ),
            "responses": {
                "201": ok("The new theme", ref("Cluster")),
                **errors(400, 401, 403, 404, 409, 422),
            },
        },
    },
    "/api/v1/clusters/{cluster_id}/promote": {
        "parameters": CLUSTER_ID,
        "post": {
            "summary": "Promote a theme to a candidate standard",
            "responses": {
                "201": ok("Created", ref("CandidateStandard")),
                **errors(401, 403, 404, 409),
            },
        },
    },
    "/api/v1/sessions/{session_id}/standards": {
        "parameters": SESSION_ID,
        "get": {
            "summary": "Candidate standards of a session, best supported first",
            "responses": {
                "200": ok("Standards", {"type": "array", "items": ref("CandidateStandard")}),
                **errors(401, 403, 404),
            },
        },
    },
    "/api/v1/ideas/{idea_id}/merge": {
        "parameters": IDEA_ID,
        "post": {
            "summary": "Merge this duplicate idea into another (union of voters)",
            "requestBody": body(obj({"into_idea_id": INTEGER}, ("into_idea_id",))),
            "responses": {
                "200": ok("Merged", ref("Idea")),
                **errors(400, 401, 403, 404, 422),
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
                f"Error{status}": ok(text, ref("Error")) for status, text in ERROR_TEXT.items()
            },
        },
    }


@bp.get("/openapi.json")
def openapijson_content():
    """Serve the OpenAPI document."""
    return jsonify(openapi_document())
