"""The app's request class: JSON bodies read safely, whatever else read the body first."""

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

    def _load_form_data(self) -> None:
        """Keep the raw body readable after form parsing (curl sends JSON as a form).

        A rate limit that looks at request.form must not leave the JSON parser an empty body;
        bodies are capped by MAX_CONTENT_LENGTH, so keeping them costs little.
        """
        self.get_data(cache=True)
        super()._load_form_data()
