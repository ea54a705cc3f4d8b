"""The response of every event-stream view: what the caller missed, then the current state.

Served as is, it ends there and the browser reconnects after `retry` (polling through SSE,
no thread held). Behind the ASGI front (feedback_app.live.asgi) the stream is then held open
and fed live.
"""

from flask import Response, request

from feedback_app.live import sse
from feedback_app.live.handover import grant_header, wants_live_stream
from feedback_app.models import BrainstormSession
from feedback_app.services import live


def _after() -> int | None:
    """The last event the caller has: Last-Event-ID (a reconnect) or ?after= (a page's first)."""
    for value in (request.headers.get("Last-Event-ID"), request.args.get("after")):
        if value and value.isdigit() and len(value) < 10:
            return int(value)
    return None


def event_stream(session: BrainstormSession, audience: str) -> Response:
    """Replay what the caller missed, send the current state, and hand over to the front."""
    after = _after()
    current = live.last_seq(session.id)
    start = after if after is not None and after <= current else current
    missed = live.replay(session.id, audience, start)
    frames = [sse.retry()]
    if missed.too_far_behind:
        frames.append(sse.frame("resync", {}, missed.last_seq))  # pages start over
    frames += [sse.frame(event.name, event.data, event.seq) for event in missed.events]
    held = wants_live_stream(request.environ) and request.args.get("once") != "1"
    state = live.snapshot(session, audience) | {"held": held}  # held: unlogged signals come too
    frames.append(sse.frame("state", state, missed.last_seq))
    response = Response("".join(frames), headers=sse.HEADERS)
    if held:
        name, value = grant_header(session.id, audience, missed.last_seq)
        response.headers[name] = value
    return response
