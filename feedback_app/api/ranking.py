"""/api/v1/sessions/<id>/ranking: ideas ranked by votes."""

from feedback_app.api import auth
from feedback_app.api.blueprint import ApiBlueprint, errors
from feedback_app.api.schemas.ideas import RankedIdeaSchema
from feedback_app.models import Participant, User
from feedback_app.services import access
from feedback_app.services.ranking import rank_ideas, ranking_for_participant

bp = ApiBlueprint("ranking", __name__, "The ranking of a session's ideas.")


@bp.get("/sessions/<int:session_id>/ranking")
@auth.any_caller
@bp.response(200, RankedIdeaSchema(many=True))
@errors(404)
def ranking(caller: User | Participant, session_id: int):
    """Staff see the live ranking; participants once the results are shared with them."""
    session = access.session_for_caller(caller, session_id)
    if isinstance(caller, Participant):
        return ranking_for_participant(session)
    return rank_ideas(session)
