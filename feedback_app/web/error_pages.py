"""Error handling in one place: JSON under /api, friendly pages elsewhere, never a traceback."""

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from feedback_app.api.errors import domain_error_response, error_response
from feedback_app.errors import DomainError
from feedback_app.extensions import db

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
}


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _page(status: int, title: str, message: str):
    return render_template("errors/error.html", status=status, title=title, message=message), status


def init_app(app: Flask) -> None:
    """Register the handlers on the app."""

    @app.errorhandler(DomainError)
    def handle_domain_error(error: DomainError):
        db.session.rollback()
        if _wants_json():
            return domain_error_response(error)
        return _page(error.status, "That did not work", error.message)

    @app.errorhandler(CSRFError)
    def handle_csrf_error(error: CSRFError):
        if _wants_json():
            return error_response(400, "csrf_failed", error.description)
        message = "The form had expired. Go back, reload the page and try again."
        return _page(400, "Please try again", message)

    @app.errorhandler(HTTPException)
    def handle_http_error(error: HTTPException):
        status = error.code or 500
        # Keep the headers the error carries (Allow on a 405, Retry-After on a 429).
        headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
        if _wants_json():
            response = error_response(status, HTTP_CODES.get(status, "error"), error.description)
            response.headers.extend(headers)
            return response
        body, status = _page(status, error.name, error.description)
        return body, status, headers

    @app.errorhandler(Exception)
    def handle_unexpected(error: Exception):
        db.session.rollback()
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        message = "Something went wrong on our side. Nothing you entered was lost; try again."
        if _wants_json():
            return error_response(500, "internal_error", message)
        return _page(500, InternalServerError().name, message)
