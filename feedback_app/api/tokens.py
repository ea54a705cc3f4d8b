"""/api/v1/auth/token: staff exchange email and password for a bearer token."""

from flask import current_app

from feedback_app import messages
from feedback_app.api.auth import public
from feedback_app.api.blueprint import ApiBlueprint, errors
from feedback_app.api.schemas.sessions import TokenRequestSchema, TokenSchema
from feedback_app.errors import Unauthorized
from feedback_app.services.accounts import authenticate, issue_api_token
from feedback_app.web.rate_limits import login_limits

bp = ApiBlueprint("tokens", __name__, "Staff bearer tokens.")


@bp.post("/auth/token")
@public
@login_limits
@bp.body(TokenRequestSchema)
@bp.response(200, TokenSchema)
@errors(401, 429)
def create_token(body: dict):
    """Exchange staff credentials for an expiring bearer token."""
    user = authenticate(body["email"], body["password"])
    if user is None:
        raise Unauthorized(messages.LOGIN_FAILED, code="invalid_credentials")
    return {
        "token": issue_api_token(user),
        "token_type": "Bearer",
        "expires_in": current_app.config["API_TOKEN_MAX_AGE"],
        "role": user.role,
    }
