"""/api/v1/sessions/<id>/breakdown: participants, ideas and votes per level, k-anonymous."""

from dataclasses import replace

from feedback_app.api import auth
from feedback_app.api.blueprint import ApiBlueprint, errors
from feedback_app.api.schemas.breakdown import BreakdownSchema
from feedback_app.models import User
from feedback_app.services import access
from feedback_app.services.breakdown import session_breakdown

bp = ApiBlueprint("breakdown", __name__, "Feedback across levels, in groups of at least k.")


@bp.get("/sessions/<int:session_id>/breakdown")
@auth.staff()
@bp.response(200, BreakdownSchema)
@errors(404)
def breakdown(user: User, session_id: int):
    """Per level its participants, ideas and votes, and per idea its votes per level. Levels
    under k people are pooled so that none can be read, directly or by subtraction."""
    result = session_breakdown(access.viewable_session(user, session_id))
    return result if result.shown else replace(result, participants=None)
