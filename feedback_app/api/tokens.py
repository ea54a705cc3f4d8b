"""POST /api/v1/auth/token: staff exchange email and password for a bearer token."""

from flask import current_app, jsonify

from feedback_app import messages
from feedback_app.api.blueprint import bp
from feedback_app.api.parsing import JsonInput
from feedback_app.errors import Unauthorized
from feedback_app.services.accounts import authenticate, issue_api_token
from feedback_app.web.rate_limits import login_limits


@bp.post("/v1/auth/token")
@login_limits
def create_token():
    """Issue an expiring token for valid staff credentials."""
    body = JsonInput()
    email = body.string("email")
    password = body.string("password")
    body.check()
    user = authenticate(email, password)
    if user is None:
        raise Unauthorized(messages.LOGIN_FAILED, code="invalid_credentials")
    return jsonify(
        token=issue_api_token(user),
        token_type="Bearer",
        expires_in=current_app.config["API_TOKEN_MAX_AGE"],
        role=user.role,
    )
