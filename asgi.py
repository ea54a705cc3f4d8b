"""ASGI entry point: the app behind the live front, for uvicorn or gunicorn's LiveWorker."""

from feedback_app import create_app
from feedback_app.live.asgi import LiveApp
from feedback_app.live.server import settle_heap

app = LiveApp(create_app())
settle_heap()
