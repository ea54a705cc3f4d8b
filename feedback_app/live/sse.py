"""The text/event-stream format: one frame per event, with an id for Last-Event-ID."""

import json

RETRY_MS = 3000  # how soon a browser reconnects after the stream ends (or polls, one-shot)
KEEPALIVE = ": keep-alive\n\n"
HEADERS = {
    "Content-Type": "text/event-stream; charset=utf-8",
    "Cache-Control": "no-cache, no-store",
    "X-Accel-Buffering": "no",  # tell nginx-style proxies not to buffer the stream
}


def frame(name: str, data: dict, event_id: int | None) -> str:
    """One SSE frame; `event_id` is the last logged event the client has seen."""
    lines = [] if event_id is None else [f"id: {event_id}"]
    lines.append(f"event: {name}")
    lines.append("data: " + json.dumps(data, separators=(",", ":"), ensure_ascii=False))
    return "\n".join(lines) + "\n\n"


def retry(milliseconds: int = RETRY_MS) -> str:
    """Tell the browser how long to wait before reconnecting."""
    return f"retry: {milliseconds}\n\n"
