"""The app's request class: JSON bodies that are too deeply nested are a 400, never a crash."""

from flask import Request
from werkzeug.exceptions import BadRequest

from feedback_app import messages


class SafeJsonRequest(Request):
    """Python's JSON parser raises RecursionError (not ValueError) past ~1,000 nested levels."""

    def get_json(self, force: bool = False, silent: bool = False, cache: bool = True):
        """Parse the body as JSON; a body nested too deeply counts as malformed."""
        try:
            return super().get_json(force=force, silent=silent, cache=cache)
        except RecursionError:
            if silent:
                return None
            raise BadRequest(messages.JSON_TOO_DEEP) from None
