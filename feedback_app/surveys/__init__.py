"""Customer surveys: managers build and read them, customers answer them on a phone."""

from feedback_app.surveys import answer, imports, views  # noqa: F401 (register routes)
from feedback_app.surveys.blueprint import bp

__all__ = ["bp"]
