"""JSON API: /api/v1, one module per resource, documented at /api/openapi.json."""

from flask import Flask

from feedback_app.api import (
    ballot,
    ballot_cards,
    breakdown,
    clusters,
    comments,
    decisions,
    events,
    exports,
    follow_ups,
    ideas,
    levels,
    objectives,
    pairs,
    participation,
    ranking,
    segments,
    sessions,
    standards,
    surveys,
    teams,
    tokens,
    visits,
    votes,
)
from feedback_app.api.spec import create_api

RESOURCES = (
    tokens,
    levels,
    teams,
    segments,
    sessions,
    participation,
    ideas,
    votes,
    ballot,
    pairs,
    comments,
    ranking,
    breakdown,
    follow_ups,
    ballot_cards,
    clusters,
    standards,
    decisions,
    objectives,
    exports,
    visits,
    surveys,
    events,
)


def init_app(app: Flask) -> None:
    """Bind the API to the app and register every resource (bearer tokens: no CSRF)."""
    from feedback_app.extensions import csrf

    api = create_api(app)
    for resource in RESOURCES:
        api.register_blueprint(resource.bp)
        csrf.exempt(resource.bp)
