"""The Idempotency-Key request header: a client's own key for one logical write, so retrying
the write after a timeout or a dropped connection repeats its answer instead of the write.

Operations that honour it document it with `IDEMPOTENCY_KEY` and read it with `idempotency_key()`;
the service that does the write keeps a keyed hash of it with what it wrote.
"""

from flask import request

from feedback_app import messages
from feedback_app.errors import ValidationFailed

HEADER = "Idempotency-Key"
KEY_MAX = 255

IDEMPOTENCY_KEY = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": KEY_MAX},
    "description": (
        "A key of your own (e.g. a random UUID) for this one write: sending it again with the "
        "same body repeats the first answer (200) instead of writing twice; the same key with "
        "a different body is refused (422)."
    ),
}


def idempotency_key() -> str | None:
    """The request's key, or None when it sent none; 422 for a key that cannot be one."""
    key = request.headers.get(HEADER)
    if key is None:
        return None
    if not 1 <= len(key) <= KEY_MAX or not (key.isascii() and key.isprintable()):
        text = messages.IDEMPOTENCY_KEY_INVALID.format(max=KEY_MAX)
        raise ValidationFailed(text, fields={HEADER: text})
    return key
