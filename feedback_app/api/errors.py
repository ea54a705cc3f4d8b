"""The one JSON error shape of the API: {"error": {"code", "message", "fields"}}."""

from flask import jsonify

from feedback_app.errors import DomainError


def error_response(status: int, code: str, message: str, fields: dict | None = None):
    """Build a JSON error response with the given HTTP status."""
    body = {"error": {"code": code, "message": message, "fields": fields or {}}}
    response = jsonify(body)
    response.status_code = status
    return response


def domain_error_response(error: DomainError):
    """Turn a domain exception into the API's error response."""
    return error_response(error.status, error.code, error.message, error.fields)
