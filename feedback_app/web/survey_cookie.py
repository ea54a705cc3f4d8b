"""The browser's survey cookie: a random value that lets a browser answer each survey once.

Only a keyed hash of it (with the survey) is stored with a response; it is no fingerprint: it
says nothing about the device, and clearing cookies makes a new, unlinked browser.
"""

import re

from flask import after_this_request, current_app, request

from feedback_app.services.survey_answers import new_browser_token

COOKIE_NAME = "survey_browser"
MAX_AGE = 365 * 24 * 3600
_SHAPE = re.compile(r"^[A-Za-z0-9_-]{32,64}$")


def held_token() -> str | None:
    """The browser's survey cookie, when it holds one of our values."""
    value = request.cookies.get(COOKIE_NAME, "")
    return value if _SHAPE.match(value) else None


def browser_token() -> str:
    """The browser's survey cookie, or a new one set on this response."""
    token = held_token()
    if token is not None:
        return token
    token = new_browser_token()

    @after_this_request
    def remember(response):
        response.set_cookie(
            COOKIE_NAME,
            token,
            max_age=MAX_AGE,
            httponly=True,
            samesite="Lax",
            secure=current_app.config.get("SESSION_COOKIE_SECURE", False),
        )
        return response

    return token
