"""JSON API: /api/v1, one module per resource, plus /api/openapi.json."""

from feedback_app.api import (  # noqa: F401  (each module registers its routes on bp)
    clusters,
    ideas,
    levels,
    openapi,
    participation,
    ranking,
    sessions,
    standards,
    tokens,
    votes,
)
from feedback_app.api.blueprint import bp

__all__ = ["bp"]
