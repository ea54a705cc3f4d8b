"""ASGI entry point: the app behind the live front, for uvicorn or gunicorn's LiveWorker."""

from feedback_app import create_app
from feedback_app.live.asgi import LiveApp

app = LiveApp(create_app())
