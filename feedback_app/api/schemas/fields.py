"""Strict JSON fields: the types JSON has, no coercion, our messages, storable text only."""

from datetime import datetime

import marshmallow as ma
from marshmallow import ValidationError, validate

from feedback_app.models.public_ids import OPAQUE, PUBLIC_ID_PATTERN, looks_like_public_id
from feedback_app.services.characters import unstorable_problem
from feedback_app.web.converters import MAX_ID

REQUIRED = "This field is required."


class Text(ma.fields.String):
    """A JSON string that a database can store (no NUL, no unpaired surrogate)."""

    default_error_messages = {
        "required": REQUIRED,
        "null": REQUIRED,
        "invalid": "Must be a string.",
    }

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        problem = unstorable_problem(text)
        if problem:
            raise ValidationError(problem)
        return text


class Integer(ma.fields.Integer):
    """A JSON integer; true/false, floats and numeric strings are refused."""

    default_error_messages = {
        "required": REQUIRED,
        "null": REQUIRED,
        "invalid": "Must be an integer.",
        "too_large": "Must be an integer.",
    }

    def __init__(self, **kwargs) -> None:
        super().__init__(strict=True, **kwargs)

    def _validated(self, value):
        if isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return super()._validated(value)


class QueryInteger(ma.fields.Integer):
    """An integer in a query string, where every value arrives as text ("5")."""

    default_error_messages = {"invalid": "Must be an integer.", "too_large": "Must be an integer."}


class Id(Integer):
    """The id of a row: a positive integer the database can hold."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault(
            "validate", validate.Range(min=1, max=MAX_ID, error="Must be a positive id.")
        )
        super().__init__(**kwargs)


class PublicId(ma.fields.String):
    """The public id of an idea, comment or participant: an opaque random string.

    Integer keys stay inside the server: they would tell in what order ideas were written.
    A value of the wrong shape is refused here (422); an unknown one is not found (404).
    """

    default_error_messages = {
        "required": REQUIRED,
        "null": REQUIRED,
        "invalid": "Must be an id as the API gives it (a string).",
    }

    def __init__(self, **kwargs) -> None:
        metadata = kwargs.setdefault("metadata", {})
        metadata.setdefault("description", OPAQUE)
        metadata.setdefault("pattern", f"^{PUBLIC_ID_PATTERN}$")
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if not looks_like_public_id(value):
            raise self.make_error("invalid")
        return value


class PublicIdList(ma.fields.List):
    """A JSON array of public ids."""

    default_error_messages = {
        "required": REQUIRED,
        "null": REQUIRED,
        "invalid": "Must be a list of ids.",
    }

    def __init__(self, **kwargs) -> None:
        super().__init__(PublicId(), **kwargs)


class Boolean(ma.fields.Boolean):
    """A JSON true or false (not "yes", 1 or "true")."""

    default_error_messages = {
        "required": REQUIRED,
        "null": REQUIRED,
        "invalid": "Must be true or false.",
    }

    def __init__(self, **kwargs) -> None:
        super().__init__(truthy={True}, falsy={False}, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, bool):  # 1 == True in Python: the sets alone let 1 through
            raise self.make_error("invalid", input=value)
        return value


class IdList(ma.fields.List):
    """A JSON array of ids."""

    default_error_messages = {
        "required": REQUIRED,
        "null": REQUIRED,
        "invalid": "Must be a list of integers.",
    }

    def __init__(self, **kwargs) -> None:
        super().__init__(Id(), **kwargs)


def choice(values, **kwargs) -> Text:
    """A string from a fixed list, documented as an enum."""
    values = list(values)
    message = "Unknown value; choose one of: " + ", ".join(values) + "."
    return Text(validate=validate.OneOf(values, error=message), **kwargs)


class MinuteTime(ma.fields.String):
    """A UTC time to the minute ("2026-11-26T11:37Z"): finer times could single people out."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("metadata", {"pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}Z$"})
        super().__init__(dump_only=True, **kwargs)

    def _serialize(self, value: datetime | None, attr, obj, **kwargs):
        if value is None:
            return None
        return value.replace(second=0, microsecond=0).isoformat(timespec="minutes") + "Z"


def optional(field_class, **kwargs):
    """An optional field: absent or null means "not given"."""
    return field_class(load_default=None, allow_none=True, **kwargs)


class IdCsv(ma.fields.String):
    """Ids in a query string, separated by commas ("1,2,3"): a list of distinct ints, in order."""

    default_error_messages = {
        "required": REQUIRED,
        "null": REQUIRED,
        "invalid": "Must be ids separated by commas, e.g. 1,2.",
        "too_many": "At most {most} ids.",
    }

    def __init__(self, most: int, **kwargs) -> None:
        self.most = most
        kwargs.setdefault("metadata", {})
        kwargs["metadata"].setdefault("pattern", r"^[0-9]+(,[0-9]+)*$")
        super().__init__(**kwargs)

    def _deserialize(self, value, attr, data, **kwargs) -> list[int]:
        text = super()._deserialize(value, attr, data, **kwargs)
        parts = [part.strip() for part in text.split(",")]
        if not all(part.isascii() and part.isdigit() for part in parts):
            raise self.make_error("invalid")
        ids = list(dict.fromkeys(int(part) for part in parts))
        if not all(1 <= id_ <= MAX_ID for id_ in ids):
            raise self.make_error("invalid")
        if len(ids) > self.most:
            raise self.make_error("too_many", most=self.most)
        return ids


class Number(ma.fields.Float):
    """A finite JSON number (integer or decimal); true/false and numeric strings are refused."""

    default_error_messages = {
        "required": REQUIRED,
        "null": REQUIRED,
        "invalid": "Must be a number.",
        "special": "Must be a finite number.",
    }

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.make_error("invalid", input=value)
        return super()._deserialize(value, attr, data, **kwargs)


class Date(ma.fields.Date):
    """A calendar date as JSON text, "2027-03-31"."""

    default_error_messages = {
        "required": REQUIRED,
        "null": REQUIRED,
        "invalid": "Give a date as YYYY-MM-DD.",
        "format": "Give a date as YYYY-MM-DD.",
    }

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, str):
            raise self.make_error("invalid", input=value)
        return super()._deserialize(value, attr, data, **kwargs)
