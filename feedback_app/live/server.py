"""Serving the ASGI front with uvicorn: one process for `make run`, gunicorn workers in production.

Two things of ours: the access log never holds a client address (participants must not be
traceable through logs), and on shutdown open streams are ended cleanly first (browsers then
reconnect with Last-Event-ID to another worker) instead of being cut when the grace period ends.
"""

import contextvars
import gc
import logging
import socket

import uvicorn
from uvicorn_worker import UvicornWorker

from feedback_app.live.asgi import LiveApp

ACCESS_FORMAT = '%(levelprefix)s "%(request_line)s" %(status_code)s'
GRACEFUL_SHUTDOWN_S = 10


class AnonymousAccess(logging.Filter):
    """Drop the client address from uvicorn's access log lines (the request line stays)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and len(record.args) == 5:
            record.args = ("-", *record.args[1:])
        return True


def _live_app(app) -> LiveApp | None:
    while app is not None and not isinstance(app, LiveApp):
        app = getattr(app, "app", None)
    return app


class LiveServer(uvicorn.Server):
    """uvicorn's server, ending the event streams before it waits for connections to close."""

    async def shutdown(self, sockets=None) -> None:
        live_app = _live_app(getattr(self.config, "loaded_app", None))
        if live_app is not None:
            live_app.hub.close_streams()
        await super().shutdown(sockets)


class LiveWorker(UvicornWorker):
    """gunicorn worker class for production: `gunicorn -k feedback_app.live.server.LiveWorker`."""

    CONFIG_KWARGS = {
        "loop": "auto",
        "http": "auto",
        "timeout_graceful_shutdown": GRACEFUL_SHUTDOWN_S,
    }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        logging.getLogger("uvicorn.access").addFilter(AnonymousAccess())

    async def _serve(self) -> None:
        self.config.app = self.wsgi
        server = LiveServer(config=self.config)
        self._install_sigquit_handler()
        await server.serve(sockets=self.sockets)
        if not server.started:
            raise SystemExit(3)


def settle_heap() -> None:
    """Leave what start-up built (about 300,000 objects) out of the garbage collector's sweeps.

    A full collection otherwise walks all of it, about 0.2 s with every thread stopped, and
    showed as the slowest requests under load. For server processes, once their app is built
    (tests, which build many apps, leave the collector as it is).
    """
    gc.collect()
    gc.freeze()


def lan_address() -> str | None:
    """This machine's address on the local network (no packet is sent), or None."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("10.254.254.254", 1))
        address = probe.getsockname()[0]
    except OSError:
        return None
    finally:
        probe.close()
    return None if address.startswith("127.") else address


def log_config() -> dict:
    """uvicorn's logging, with our access format and filter (no client address)."""
    config = {**uvicorn.config.LOGGING_CONFIG}
    config["formatters"] = {**config["formatters"]}
    config["formatters"]["access"] = {
        **config["formatters"]["access"],
        "fmt": ACCESS_FORMAT,
    }
    config["filters"] = {"anonymous": {"()": AnonymousAccess}}
    config["handlers"] = {**config["handlers"]}
    config["handlers"]["access"] = {**config["handlers"]["access"], "filters": ["anonymous"]}
    return config


def serve(app: LiveApp, host: str, port: int) -> None:
    """Run one uvicorn process (make run); production runs gunicorn with LiveWorker.

    The server runs in a fresh context: a `flask` command runs inside an app context, and
    requests must never inherit it (they would share `g`, the logged-in user and the
    database session).
    """
    settle_heap()
    contextvars.Context().run(_serve, app, host, port)


def _serve(app: LiveApp, host: str, port: int) -> None:
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_config=log_config(),
        timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S,
        proxy_headers=False,
    )
    LiveServer(config).run()
