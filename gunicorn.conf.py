"""gunicorn settings for production: `gunicorn --config gunicorn.conf.py asgi:app`.

Each worker is the live worker (feedback_app.live.server.LiveWorker): uvicorn serving the ASGI
front, so open event streams cost no thread. The access log never holds a client address or
user agent (see docs/anonymity.md): the live worker drops the address from uvicorn's access
lines; the format below covers gunicorn's own WSGI workers, should anyone run `wsgi:app`.
Command-line options (--workers, --bind) override what is set here.
"""

import os

worker_class = "feedback_app.live.server.LiveWorker"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
# Longer than the database's connect and statement timeouts (5 s and 15 s by default), so a
# stalled database turns into a 503 from the app, never into a killed worker.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
# Seconds an idle keep-alive connection stays open (uvicorn's timeout_keep_alive). Longer than
# a load balancer's idle timeout for its pooled upstream connections (60 s for nginx and most
# cloud balancers): with gunicorn's default of 2 s, the app hangs up connections the balancer
# or a client is about to reuse, and those requests fail on the connection. Idle connections
# cost the live worker no thread.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "75"))

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# time, method, path without query, protocol, status, bytes, duration in milliseconds
access_log_format = '[%(t)s] "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'


def _anonymous_logger_class():
    """gunicorn's logger, with the client address taken out of its own warnings."""
    import re

    from gunicorn.glogging import Logger

    address = re.compile(r"\bip=\S+")

    class AnonymousLogger(Logger):
        """gunicorn writes 'Invalid request from ip=<address>' for malformed requests."""

        def warning(self, msg, *args, **kwargs):
            super().warning(address.sub("ip=-", str(msg)), *args, **kwargs)

    return AnonymousLogger


logger_class = _anonymous_logger_class()
