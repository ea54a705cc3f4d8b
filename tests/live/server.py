"""Serve the live ASGI app with uvicorn from a thread, on a free port, for tests."""

import asyncio
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn

from feedback_app.extensions import db
from feedback_app.live.asgi import LiveApp
from feedback_app.live.server import LiveServer


@contextmanager
def serve_live(flask_app) -> Iterator[tuple[str, LiveServer]]:
    """Run the app behind the live front until the block ends; yields (base URL, server)."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        LiveApp(flask_app), log_level="warning", timeout_graceful_shutdown=5, lifespan="on"
    )
    server = LiveServer(config)
    thread = threading.Thread(
        target=lambda: asyncio.run(server.serve(sockets=[sock])), name="live-server", daemon=True
    )
    thread.start()
    for _ in range(200):
        if server.started:
            break
        threading.Event().wait(0.02)
    try:
        yield f"http://127.0.0.1:{port}", server
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
        with flask_app.app_context():
            db.session.remove()
            db.engine.dispose()
