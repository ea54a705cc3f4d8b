"""URL converters: ids beyond what the database can hold are simply not found."""

from werkzeug.routing import BaseConverter, IntegerConverter

from feedback_app.models.public_ids import PUBLIC_ID_PATTERN

# INTEGER on PostgreSQL (and any id we hand out) stays below 2^31; SQLite's limit is 2^63.
MAX_ID = 2**31 - 1


def numbers_up_to(limit: int) -> str:
    """A regex matching exactly the integers 1..limit, without leading zeros.

    A range check in to_python is not enough: when a converter refuses a value, werkzeug's
    matcher answers 405 for another method of the same path instead of 404.
    """
    digits = str(limit)
    parts = [rf"[1-9]\d{{0,{len(digits) - 2}}}"] if len(digits) > 1 else []
    for position, digit in enumerate(digits):
        lowest = 1 if position == 0 else 0
        rest = len(digits) - position - 1
        if int(digit) > lowest:
            tail = rf"\d{{{rest}}}" if rest else ""
            parts.append(f"{digits[:position]}[{lowest}-{int(digit) - 1}]{tail}")
    parts.append(digits)
    return "(?:" + "|".join(parts) + ")"


class IdConverter(IntegerConverter):
    """An `<int:...>` path part from 1 to MAX_ID; anything else does not match (404)."""

    regex = numbers_up_to(MAX_ID)

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("min", 1)
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


class PublicIdConverter(BaseConverter):
    """A `<pid:...>` path part: the opaque public id of an idea, comment or participant.

    Only the shape is checked here (anything else is not found); the view resolves the value.
    """

    regex = PUBLIC_ID_PATTERN


def init_app(app) -> None:
    """Use the bounded converter for every `<int:...>` rule and add `<pid:...>`; call before
    adding rules."""
    app.url_map.converters["int"] = IdConverter
    app.url_map.converters["pid"] = PublicIdConverter
