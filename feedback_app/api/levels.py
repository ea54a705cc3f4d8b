"""/api/v1/levels: the organisation's active management levels."""

from feedback_app.api.auth import public
from feedback_app.api.blueprint import ApiBlueprint
from feedback_app.api.schemas.sessions import LevelSchema
from feedback_app.services.levels import list_levels

bp = ApiBlueprint("levels", __name__, "Management levels (open to anyone: joining needs them).")


@bp.get("/levels")
@public
@bp.response(200, LevelSchema(many=True))
def list_active_levels():
    """List the active management levels in order."""
    return list_levels()
