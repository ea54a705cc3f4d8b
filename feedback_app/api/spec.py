"""The API extension: flask-smorest generates /api/openapi.json from the schemas in use.

Why flask-smorest: see docs/api-schemas.md. Errors keep our one envelope; flask-smorest's own
HTTP error handler is not installed, since feedback_app.web.error_pages answers for /api too.
"""

from http import HTTPStatus

from flask_smorest import Api

from feedback_app.api.schemas.common import ErrorSchema
from feedback_app.models.public_ids import OPAQUE, PUBLIC_ID_PATTERN
from feedback_app.web.converters import PublicIdConverter

API_TITLE = "feedback_app API"
API_VERSION = "1.0.0"
DESCRIPTION = (
    "Anonymous brainstorming, voting and ranking for customer-service standards. "
    "Staff and participants both send `Authorization: Bearer <token>`: staff get theirs from "
    "`POST /api/v1/auth/token`, participants from `POST /api/v1/join`. Every error is "
    '`{"error": {"code", "message", "fields"}}`.'
)
BEARER = [{"bearer": []}]
# Documented on every operation that can answer it; see feedback_app.api.docs.
ERROR_DESCRIPTIONS = {
    400: "Malformed request: the body is not a JSON object",
    401: "Missing, invalid or expired bearer token",
    403: "Not allowed for this caller",
    404: "Not found (or not visible to this caller)",
    409: "Conflicts with the current state (wrong phase, closed session, already done)",
    413: "The request body is too large",
    415: "The body is not in a format this operation reads (see its requestBody)",
    422: "A field is missing or invalid; error.fields names each one",
    429: "Too many requests; wait and try again (Retry-After says how long)",
    503: "The database is unreachable for now (code database_unavailable); retry after Retry-After",
}


class FeedbackApi(Api):
    """flask-smorest's Api with our error envelope in the document and no error handler."""

    ERROR_SCHEMA = ErrorSchema
    DEFAULT_ERROR_RESPONSE_NAME = None

    def _register_error_handlers(self) -> None:
        """Leave error handling to feedback_app.web.error_pages (one envelope everywhere)."""

    def _register_responses(self) -> None:
        """Register one reusable response per error status, with our envelope."""
        for status, description in ERROR_DESCRIPTIONS.items():
            self.spec.components.response(
                HTTPStatus(status).name,
                {
                    "description": description,
                    "content": {"application/json": {"schema": ErrorSchema}},
                },
            )


def _public_id_parameter(converter) -> dict:
    """How a `<pid:...>` path part reads in the document: an opaque string."""
    return {"type": "string", "pattern": f"^{PUBLIC_ID_PATTERN}$", "description": OPAQUE}


def create_api(app) -> FeedbackApi:
    """Bind a new Api to the app; the document is served at /api/openapi.json (no UI pages)."""
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    api = FeedbackApi(
        app,
        spec_kwargs={
            "title": API_TITLE,
            "version": API_VERSION,
            "openapi_version": "3.1.0",
            "info": {"description": DESCRIPTION},
            "servers": [{"url": "/"}],
            "security": BEARER,
        },
    )
    api.register_converter(PublicIdConverter, _public_id_parameter)
    api.spec.components.security_scheme("bearer", {"type": "http", "scheme": "bearer"})
    return api
