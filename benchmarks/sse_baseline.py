"""The thread-per-stream baseline of benchmarks/sse_capacity.py: event streams as a Flask view.

Each open stream holds one of the WSGI server's threads (gunicorn gthread) while it waits for
the broker, which is what the live front (feedback_app.live) avoids. Serve it with
`gunicorn -k gthread --threads 32 benchmarks.sse_baseline:app`. Benchmark use only.
"""

import queue

from flask import Response, stream_with_context

from feedback_app import create_app
from feedback_app.live import sse
from feedback_app.services import events, live
from feedback_app.services.sessions import get_session

app = create_app()


@app.get("/baseline/sessions/<int:session_id>/events")
def baseline_events(session_id: int):
    """Hold the request's thread and forward logged events of the session as they come."""
    state = live.snapshot(get_session(session_id), live.PARTICIPANT)
    seq = live.last_seq(session_id)
    inbox: queue.Queue = queue.Queue()
    broker = app.extensions[events.BROKER_KEY]

    def on_message(message):
        if message["session_id"] == session_id and message["audience"] == "all":
            inbox.put(message)

    unsubscribe = broker.subscribe(on_message)

    def frames():
        try:
            yield sse.frame("state", state, seq)
            while True:
                try:
                    message = inbox.get(timeout=15)
                except queue.Empty:
                    yield sse.KEEPALIVE
                    continue
                yield sse.frame(message["name"], message["data"], message["seq"])
        finally:
            unsubscribe()

    return Response(stream_with_context(frames()), headers=sse.HEADERS)
