"""Error handling in one place: JSON under /api, friendly pages elsewhere, never a traceback.

A database that is down, restarting or not answering is a 503 with Retry-After (JSON
`database_unavailable` under /api/, a page that says to try again elsewhere): pooled
connections are pinged before reuse, so the next request after the database returns works.
"""

import time

from flask import Flask, current_app, render_template, request, url_for
from flask_limiter.errors import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from feedback_app import messages
from feedback_app.api.errors import domain_error_response, error_response
from feedback_app.database import OUTAGE_ERRORS
from feedback_app.errors import DomainError
from feedback_app.extensions import db, limiter

HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_failed",
    429: "too_many_requests",
    503: "service_unavailable",
}


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _seconds_until_the_limit_resets() -> str:
    """Retry-After for a refused request, read from the limit's store only now that it is
    needed (the limiter's X-RateLimit headers would read it on every limited request)."""
    breached = limiter.current_limit
    reset_at = breached.reset_at if breached is not None else time.time() + 1
    return str(max(1, int(reset_at - time.time())))


def _page(status: int, title: str, message: str):
    return render_template("errors/error.html", status=status, title=title, message=message), status


def _rollback_quietly() -> None:
    """Roll back the request's transaction; a connection that is already gone is fine."""
    try:
        db.session.rollback()
    except OUTAGE_ERRORS:
        db.session.remove()


def database_unavailable(error: Exception):
    """503 while the database is away: JSON under /api/, a page without the database else."""
    _rollback_quietly()
    current_app.logger.warning(
        "database unavailable on %s %s: %s", request.method, request.path, type(error).__name__
    )
    headers = {"Retry-After": str(current_app.config["DATABASE_RETRY_AFTER"])}
    if _wants_json():
        response = error_response(503, "database_unavailable", messages.DATABASE_UNAVAILABLE)
        response.headers.update(headers)
        return response
    # Not errors/error.html: base.html asks the database who is logged in.
    again = (
        request.full_path.rstrip("?") if request.method == "GET" else url_for("participate.home")
    )
    body = render_template(
        "errors/unavailable.html", message=messages.DATABASE_UNAVAILABLE, again_url=again
    )
    return body, 503, headers


def init_app(app: Flask) -> None:
    """Register the handlers on the app."""

    for outage in OUTAGE_ERRORS:
        app.register_error_handler(outage, database_unavailable)

    @app.errorhandler(DomainError)
    def handle_domain_error(error: DomainError):
        _rollback_quietly()
        if _wants_json():
            response = domain_error_response(error)
            response.headers.update(error.headers)
            return response
        body, status = _page(error.status, "That did not work", error.message)
        return body, status, error.headers

    @app.errorhandler(CSRFError)
    def handle_csrf_error(error: CSRFError):
        if _wants_json():
            return error_response(400, "csrf_failed", error.description)
        message = "The form had expired. Go back, reload the page and try again."
        return _page(400, "Please try again", message)

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException):
        status = error.code or 500
        # Keep the headers the error carries (Allow on a 405); say how long a 429 lasts.
        headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
        if isinstance(error, RateLimitExceeded):
            headers.append(("Retry-After", _seconds_until_the_limit_resets()))
        if _wants_json():
            response = error_response(status, HTTP_CODES.get(status, "error"), error.description)
            response.headers.extend(headers)
            return response
        body, status = _page(status, error.name, error.description)
        return body, status, headers

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):
        _rollback_quietly()
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        message = "Something went wrong on our side. Nothing you entered was lost; try again."
        if _wants_json():
            return error_response(500, "internal_error", message)
        return _page(500, InternalServerError().name, message)
