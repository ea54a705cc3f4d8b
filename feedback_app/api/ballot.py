"""/api/v1/sessions/<id>/ballot: the next batch of ideas to vote on, by fair exposure."""

from feedback_app.api import auth
from feedback_app.api.blueprint import ApiBlueprint, errors
from feedback_app.api.schemas.voting import BallotQuerySchema, BallotSchema
from feedback_app.models import Participant
from feedback_app.services import access, exposure, public_ids
from feedback_app.services.ideas import ideas_for_participant_by_id

bp = ApiBlueprint("ballot", __name__, "Batches of ideas to vote on, the least seen first.")


@bp.get("/sessions/<int:session_id>/ballot")
@auth.participant
@bp.arguments(BallotQuerySchema, location="query", as_kwargs=True)
@bp.response(200, BallotSchema)
@errors(404, 409, 422)
def ballot(participant: Participant, session_id: int, limit: int, seen: list[str]):
    """The ideas you voted on, then up to `limit` you have not had yet, the least seen first.

    Pass the ids you already have in `seen` to get the next batch. Each idea handed out is
    counted as shown once more (a count per idea; nothing records who saw what).
    """
    session = access.participant_session(participant, session_id)
    seen_ids = public_ids.idea_ids(seen, skip_unknown=True)
    batch = exposure.ballot(session, participant, limit=limit, seen=seen_ids)
    ideas = ideas_for_participant_by_id(batch.idea_ids, participant)
    return {"ideas": ideas, "remaining": batch.remaining}
