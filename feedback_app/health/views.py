"""Views of the health blueprint: no login, no rate limit, no cookie, names only, no data."""

from flask import Blueprint, current_app, jsonify

from feedback_app.services.health import readiness

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """The process answers (nothing else is checked): restart it when this fails."""
    return jsonify(status="ok")


@bp.get("/readyz")
def readyz():
    """Send traffic here only when the database, schema and configured stores answer."""
    checks = readiness()
    failed = sorted(name for name, state in checks.items() if state == "failed")
    if failed:
        response = jsonify(status="unavailable", failed=failed, checks=checks)
        response.status_code = 503
        response.headers["Retry-After"] = str(current_app.config["DATABASE_RETRY_AFTER"])
        return response
    return jsonify(status="ready", failed=[], checks=checks)
