"""GET /api/v1/levels: the organisation's active management levels."""

from flask import jsonify

from feedback_app.api.blueprint import bp
from feedback_app.api.serializers import level_json
from feedback_app.services.levels import list_levels


@bp.get("/v1/levels")
def get_levels():
    """List levels in order; open to anyone, since joining needs them."""
    return jsonify([level_json(level) for level in list_levels()])
