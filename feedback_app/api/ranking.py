"""GET /api/v1/sessions/<id>/ranking: ideas ranked by votes."""

from flask import jsonify

from feedback_app.api.auth import current_caller
from feedback_app.api.blueprint import bp
from feedback_app.errors import Forbidden
from feedback_app.messages import PARTICIPANT_ONLY
from feedback_app.models import Participant
from feedback_app.services.ranking import rank_ideas, ranking_for_participant
from feedback_app.services.sessions import ensure_can_view, get_session


@bp.get("/v1/sessions/<int:session_id>/ranking")
def ranking(session_id: int):
    """Staff see the live ranking; participants once results are shared with them."""
    session = get_session(session_id)
    caller = current_caller()
    if isinstance(caller, Participant):
        if caller.session_id != session.id:
            raise Forbidden(PARTICIPANT_ONLY)
        ranked = ranking_for_participant(session)
    else:
        ensure_can_view(caller, session)
        ranked = rank_ideas(session)
    return jsonify([item.as_dict() for item in ranked])
