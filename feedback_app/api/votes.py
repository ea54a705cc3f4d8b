"""/api/v1/ideas/<id>/vote: vote in the session's mode (an up-vote, one more dot, a rating of
stars) or take it back."""

from dataclasses import replace

from feedback_app.api import auth
from feedback_app.api.blueprint import ApiBlueprint, errors
from feedback_app.api.schemas.voting import VoteRequestSchema, VoteStateSchema
from feedback_app.models import Participant
from feedback_app.services.public_ids import find_idea_id
from feedback_app.services.voting import cast_vote, remove_vote
from feedback_app.web.rate_limits import participant_limits

bp = ApiBlueprint("votes", __name__, "Votes of participants, while the session votes.")


@bp.post("/ideas/<pid:idea_id>/vote")
@participant_limits()
@auth.participant
@bp.body(VoteRequestSchema, required=False)
@bp.response(201, VoteStateSchema, description="A new vote, one more dot, or a first rating")
@bp.alt_response(
    200, schema=VoteStateSchema, description="Up-vote already there (still one), rating changed"
)
@errors(404, 409, 429)
def vote(participant: Participant, body: dict, idea_id: str):
    """Vote in the session's mode.

    upvote: repeating keeps exactly one vote. dots: each request adds one dot; 409 when your
    budget or the idea's cap is reached. stars: send {"stars": 1..5}; sending again changes it.
    Pairwise sessions vote through /sessions/{id}/pair instead (409).
    """
    state = cast_vote(idea_id, participant, stars=body.get("stars"))  # the write finds it
    return replace(state, idea_id=idea_id), 201 if state.created else 200


@bp.delete("/ideas/<pid:idea_id>/vote")
@auth.participant
@bp.response(200, VoteStateSchema)
@errors(404, 409)
def unvote(participant: Participant, idea_id: str):
    """Take the vote back (one dot at a time); removing what is not there is not an error."""
    return replace(remove_vote(find_idea_id(idea_id), participant), idea_id=idea_id)
