"""How the API reads requests: JSON objects only, and every field error in our envelope."""

import json

from webargs.flaskparser import FlaskParser

from feedback_app import messages
from feedback_app.errors import DomainError, ValidationFailed

INVALID_FIELDS = "Some fields are missing or invalid."


def first_messages(errors: dict) -> dict[str, str]:
    """Flatten marshmallow's nested error lists to one sentence per top-level field."""

    def first(value) -> str:
        if isinstance(value, str):
            return value
        if isinstance(value, list) and value:
            return first(value[0])
        if isinstance(value, dict) and value:
            return first(next(iter(value.values())))
        return "Invalid value."

    return {str(name): first(value) for name, value in errors.items()}


class ApiParser(FlaskParser):
    """webargs' Flask parser with our 400/422 errors."""

    DEFAULT_VALIDATION_STATUS = 422

    def load_json(self, req, schema):
        """Read the body as a JSON object whatever its Content-Type (curl users forget it)."""
        raw = req.get_data(cache=True)
        if not raw.strip() and getattr(schema, "EMPTY_BODY", None) is not None:
            return schema.EMPTY_BODY  # operations whose every field is optional
        try:
            body = json.loads(raw) if raw else None
        except RecursionError:
            raise DomainError(messages.JSON_TOO_DEEP, code="malformed_json") from None
        except ValueError:  # includes bytes that are not UTF-8
            body = None
        if not isinstance(body, dict):
            raise DomainError(messages.MALFORMED_JSON, code="malformed_json")
        return body

    def handle_error(self, error, req, schema, *, error_status_code, error_headers):
        """Raise a 422 that names every field at fault."""
        errors = error.messages if isinstance(error.messages, dict) else {}
        # webargs nests the errors under the location ("json", "query"): one level down.
        by_field = {}
        for location_errors in errors.values():
            if isinstance(location_errors, dict):
                by_field.update(location_errors)
        fields = first_messages(by_field)
        fields.pop("_schema", None)
        raise ValidationFailed(INVALID_FIELDS, fields=fields)
