"""/api/v1/ideas/<id>/vote: cast (idempotent) or remove a participant's vote."""

from feedback_app.api import auth
from feedback_app.api.blueprint import ApiBlueprint, errors
from feedback_app.api.schemas.ideas import VoteStateSchema
from feedback_app.models import Participant
from feedback_app.services.ideas import get_idea
from feedback_app.services.voting import cast_vote, remove_vote
from feedback_app.web.rate_limits import participant_limits

bp = ApiBlueprint("votes", __name__, "Votes of participants, while the session votes.")


@bp.post("/ideas/<int:idea_id>/vote")
@participant_limits()
@auth.participant
@bp.response(201, VoteStateSchema, description="A new vote was recorded")
@bp.alt_response(200, schema=VoteStateSchema, description="The vote was already there: still one")
@errors(404, 409, 429)
def vote(participant: Participant, idea_id: int):
    """Vote for an idea; repeating the request keeps exactly one vote."""
    created = cast_vote(get_idea(idea_id), participant)
    return {"idea_id": idea_id, "voted": True}, 201 if created else 200


@bp.delete("/ideas/<int:idea_id>/vote")
@auth.participant
@bp.response(200, VoteStateSchema)
@errors(404, 409)
def unvote(participant: Participant, idea_id: int):
    """Take the vote back; removing a vote that is not there is not an error."""
    removed = remove_vote(get_idea(idea_id), participant)
    return {"idea_id": idea_id, "voted": False, "removed": removed}
