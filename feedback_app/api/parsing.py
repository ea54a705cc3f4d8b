"""Reading JSON request bodies with clear 400/422 errors for every field."""

from flask import request

from feedback_app.errors import DomainError, ValidationFailed

MALFORMED = "The request body must be a JSON object."


class JsonInput:
    """Typed access to a JSON object body; collects every field error before raising."""

    def __init__(self) -> None:
        # force: curl users often forget the Content-Type header; the body decides.
        body = request.get_json(force=True, silent=True)
        if not isinstance(body, dict):
            raise DomainError(MALFORMED, code="malformed_json")
        self.body = body
        self.errors: dict[str, str] = {}

    def string(self, name: str, *, required: bool = True) -> str | None:
        """A string field (not trimmed: the service owns the rules)."""
        value = self.body.get(name)
        if value is None:
            if required:
                self.errors[name] = "This field is required."
            return None
        if not isinstance(value, str):
            self.errors[name] = "Must be a string."
            return None
        return value

    def integer(self, name: str, *, required: bool = False) -> int | None:
        """An integer field; booleans and floats are refused."""
        value = self.body.get(name)
        if value is None:
            if required:
                self.errors[name] = "This field is required."
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            self.errors[name] = "Must be an integer."
            return None
        return value

    def boolean(self, name: str) -> bool | None:
        """An optional true/false field."""
        value = self.body.get(name)
        if value is None or isinstance(value, bool):
            return value
        self.errors[name] = "Must be true or false."
        return None

    def integer_list(self, name: str) -> list[int] | None:
        """An optional list of integers."""
        value = self.body.get(name)
        if value is None:
            return None
        ok = isinstance(value, list) and all(
            isinstance(item, int) and not isinstance(item, bool) for item in value
        )
        if not ok:
            self.errors[name] = "Must be a list of integers."
            return None
        return value

    def check(self) -> None:
        """Raise 422 naming every bad field, if any."""
        if self.errors:
            raise ValidationFailed("Some fields are missing or invalid.", fields=self.errors)
