"""The ASGI front: Flask answers every request; event streams are then held open here.

A stream request (GET .../events) is first answered by the Flask view like any other: it
checks who is asking, replays what they missed and sends the current state. When the view
grants a live stream (the internal X-Feedback-Stream header, set only when this front asks
for it), the connection stays open on the event loop and the hub feeds it: an open stream
costs a listener and a socket, not a thread. Everything else goes to Flask through a2wsgi's
thread pool, so the app stays a plain WSGI app (`flask run` and the tests serve it as such,
and the streams there simply end after the replay: browsers poll through their reconnects).
"""

import asyncio
import functools
import io
import json
import re
from concurrent.futures import ThreadPoolExecutor

from a2wsgi import WSGIMiddleware
from a2wsgi.wsgi import build_environ
from flask import Flask, has_app_context

from feedback_app.extensions import db
from feedback_app.live import sse
from feedback_app.live.handover import GRANT_HEADER, HOLD_KEY
from feedback_app.live.hub import Hub
from feedback_app.services import events, live
from feedback_app.services.phases import advance_expired_phases

STREAM_PATH = re.compile(r"^/(api/v1/sessions/\d+|sessions/\d+|s/[A-Za-z0-9-]+)/events$")


class LiveApp:
    """ASGI application: the Flask app behind a2wsgi, plus held-open event streams."""

    def __init__(self, flask_app: Flask, *, threads: int | None = None) -> None:
        threads = threads or flask_app.config["WEB_THREADS"]
        self.flask_app = flask_app
        self.wsgi = WSGIMiddleware(flask_app, workers=threads)
        self.executor = ThreadPoolExecutor(max_workers=4, thread_name_prefix="live")
        broker = flask_app.extensions[events.BROKER_KEY]
        self.hub = Hub(broker, self.run_in_app, tick=advance_expired_phases)

    async def run_in_app(self, function, *args):
        """Run blocking database work in a thread, inside an app context."""
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(
            self.executor, functools.partial(self._in_context, function, *args)
        )

    def _in_context(self, function, *args):
        with self.flask_app.app_context():
            try:
                return function(*args)
            finally:
                db.session.remove()

    async def __call__(self, scope, receive, send) -> None:
        if has_app_context():  # requests would share one `g`, user and database session
            raise RuntimeError("serve the live app outside any Flask app context")
        if scope["type"] == "lifespan":
            await self._lifespan(receive, send)
        elif (
            scope["type"] == "http"
            and scope["method"] == "GET"
            and STREAM_PATH.match(scope["path"])
            and b"once=1" not in scope.get("query_string", b"")
        ):
            await self._stream(scope, receive, send)
        else:
            await self.wsgi(scope, receive, send)

    async def _lifespan(self, receive, send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await self.hub.start()
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.hub.stop()
                self.executor.shutdown(wait=False)
                await send({"type": "lifespan.shutdown.complete"})
                return

    def _call_flask(self, environ: dict) -> tuple[int, list, bytes]:
        captured = {}

        def start_response(status, headers, exc_info=None):
            captured["status"], captured["headers"] = int(status.split(" ", 1)[0]), headers

        chunks = self.flask_app(environ, start_response)
        try:
            body = b"".join(chunks)
        finally:
            getattr(chunks, "close", lambda: None)()
        return captured["status"], captured["headers"], body

    async def _stream(self, scope, receive, send) -> None:
        environ = build_environ(scope, io.BytesIO())
        environ[HOLD_KEY] = True
        loop = asyncio.get_running_loop()
        status, headers, body = await loop.run_in_executor(
            self.wsgi.executor, self._call_flask, environ
        )
        grant = next((value for name, value in headers if name == GRANT_HEADER), None)
        grant = grant if status == 200 else None
        headers = [(n.lower().encode("latin1"), v.encode("latin1")) for n, v in headers]
        held = (GRANT_HEADER.lower().encode(), b"content-length") if grant else ()
        headers = [(n, v) for n, v in headers if n not in held]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        if grant is None or status != 200:
            await send({"type": "http.response.body", "body": body})
            return
        granted = json.loads(grant)
        listener = self.hub.listen(granted["session_id"], granted["audience"], granted["seq"])
        try:
            await send({"type": "http.response.body", "body": body, "more_body": True})
            sent = await self._catch_up(listener, granted["seq"], send)
            await self._forward(listener, sent, receive, send)
        finally:
            self.hub.leave(listener)

    async def _catch_up(self, listener, after: int, send) -> int:
        """Send what was logged between the view's replay and the hub's first message."""
        missed = await self.run_in_app(live.replay, listener.session_id, listener.audience, after)
        frames = [sse.frame(event.name, event.data, event.seq) for event in missed.events]
        if missed.too_far_behind:
            frames = [sse.frame("resync", {}, missed.last_seq)]
        if frames:
            await send(_body("".join(frames).encode()))
        return missed.last_seq

    async def _forward(self, listener, sent: int, receive, send) -> None:
        """Write the hub's frames (skipping what the catch-up sent) until the stream closes.

        Everything queued since the last write goes out in one write; the hub queues the
        keep-alives, and a hang-up closes the listener.
        """
        watcher = asyncio.ensure_future(self._close_on_disconnect(receive, listener))
        try:
            while (frames := await listener.frames()) is not None:
                chunks = []
                for seq, frame in frames:
                    if seq is None or seq > sent:
                        chunks.append(frame)
                        sent = sent if seq is None else seq
                if chunks:
                    await send(_body(b"".join(chunks)))
            if not watcher.done():
                await send({"type": "http.response.body", "body": b"", "more_body": False})
        except OSError:
            pass  # the client went away mid-write
        finally:
            watcher.cancel()

    @staticmethod
    async def _close_on_disconnect(receive, listener) -> None:
        while (await receive())["type"] != "http.disconnect":
            pass
        listener.close()


def _body(chunk: bytes) -> dict:
    return {"type": "http.response.body", "body": chunk, "more_body": True}
