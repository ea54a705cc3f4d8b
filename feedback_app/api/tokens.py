"""/api/v1/auth/token: staff exchange email and password for a bearer token."""

from flask import current_app, request

from feedback_app.api.auth import public
from feedback_app.api.blueprint import ApiBlueprint, errors
from feedback_app.api.schemas.sessions import TokenRequestSchema, TokenSchema
from feedback_app.services.accounts import issue_api_token, log_in

bp = ApiBlueprint("tokens", __name__, "Staff bearer tokens.")


@bp.post("/auth/token")
@public
@bp.body(TokenRequestSchema)
@bp.response(200, TokenSchema)
@errors(401, 403, 429)
def create_token(body: dict):
    """Exchange staff credentials for an expiring bearer token (failed attempts throttled)."""
    user = log_in(body["email"], body["password"], request.remote_addr or "")
    return {
        "token": issue_api_token(user),
        "token_type": "Bearer",
        "expires_in": current_app.config["API_TOKEN_MAX_AGE"],
        "role": user.role,
    }
