"""The ceiling of benchmarks/live_load.py: a bare Flask endpoint that does one INSERT.

Same database (DATABASE_URL), same engine options and connect hooks as the app
(feedback_app.config.engine_options, feedback_app.database), served by the same kind of server:
gunicorn with uvicorn workers, Flask behind a2wsgi's pool of WEB_THREADS threads, as
feedback_app.live.asgi serves the app. No session, no auth, no rate limit, no events: what one
committed row costs through the stack, which no vote endpoint can beat.

    gunicorn -k uvicorn_worker.UvicornWorker benchmarks.ceiling_app:asgi_app
"""

import os
import tempfile

from a2wsgi import WSGIMiddleware
from flask import Flask
from sqlalchemy import Column, DateTime, Integer, MetaData, Table, create_engine, func, insert

import feedback_app.database  # noqa: F401  (SQLite pragmas and writer turns, bounded PostgreSQL connections)
from feedback_app.config import defaults, engine_options

metadata = MetaData()
ceiling_rows = Table(
    "load_ceiling",  # scratch table, created and dropped by live_load.py
    metadata,
    Column("id", Integer, primary_key=True),
    Column("n", Integer, nullable=False),
    Column("created_at", DateTime, server_default=func.now(), nullable=False),
)


def make_engine():
    """An engine built exactly as the app builds its own (pool sizes and timeouts included)."""
    config = defaults(tempfile.gettempdir())
    return create_engine(config["SQLALCHEMY_DATABASE_URI"], **engine_options(config))


engine = make_engine()
app = Flask(__name__)


@app.post("/insert/<int:n>")
def insert_row(n: int):
    """Insert one row and commit."""
    with engine.begin() as connection:
        connection.execute(insert(ceiling_rows).values(n=n))
    return {"ok": True}, 201


@app.get("/up")
def up():
    return {"ok": True}


asgi_app = WSGIMiddleware(app, workers=int(os.environ.get("WEB_THREADS", 32)))
