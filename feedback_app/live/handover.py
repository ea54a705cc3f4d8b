"""How a Flask stream view hands its stream over to the ASGI front that holds it open."""

import json

GRANT_HEADER = "X-Feedback-Stream"  # internal: the front removes it before answering
HOLD_KEY = "feedback_app.hold_stream"  # set in the WSGI environ by the front


def wants_live_stream(environ: dict) -> bool:
    """Whether this request comes through the ASGI front, which can hold a stream open."""
    return bool(environ.get(HOLD_KEY))


def grant_header(session_id: int, audience: str, seq: int) -> tuple[str, str]:
    """The header by which a stream view grants the front a live stream after event `seq`."""
    return GRANT_HEADER, json.dumps({"session_id": session_id, "audience": audience, "seq": seq})
