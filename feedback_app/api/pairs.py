"""/api/v1/sessions/<id>/pair: pairwise voting, two ideas at a time."""

from feedback_app.api import auth
from feedback_app.api.blueprint import ApiBlueprint, errors
from feedback_app.api.schemas.voting import PairChoiceRequestSchema, PairChoiceSchema, PairSchema
from feedback_app.models import Participant
from feedback_app.services import access, pairwise, public_ids
from feedback_app.services.ideas import ideas_for_participant_by_id
from feedback_app.web.rate_limits import participant_limits

bp = ApiBlueprint("pairs", __name__, "Pairwise voting: choose the better of two ideas.")


@bp.get("/sessions/<int:session_id>/pair")
@auth.participant
@bp.response(200, PairSchema)
@bp.alt_response(204, description="You have judged every pair there is")
@errors(404, 409)
def next_pair(participant: Participant, session_id: int):
    """Two different ideas for you to choose between, the least seen first (pairwise sessions,
    while voting); 204 when nothing is left to compare."""
    session = access.participant_session(participant, session_id)
    pair = pairwise.next_pair(session, participant)
    if pair is None:
        return "", 204
    left, right = ideas_for_participant_by_id([pair[0].id, pair[1].id], participant)
    return {"left": left, "right": right}


@bp.post("/sessions/<int:session_id>/pair")
@participant_limits()
@auth.participant
@bp.body(PairChoiceRequestSchema)
@bp.response(201, PairChoiceSchema)
@errors(404, 409, 429)
def choose(participant: Participant, body: dict, session_id: int):
    """Record your choice ({winner_id, loser_id}) or skip the pair ({left_id, right_id,
    skip: true}); each pair is judged once (409 the second time)."""
    session = access.participant_session(participant, session_id)
    if body["skip"]:
        pair = (body["left_id"], body["right_id"])
        skip_ids = tuple(public_ids.idea_ids(pair))
        pairwise.record_choice(session, participant, skip_ids=skip_ids)
        return {"winner_id": None, "left_id": pair[0], "right_id": pair[1], "skipped": True}
    winner_id, loser_id = public_ids.idea_ids([body["winner_id"], body["loser_id"]])
    pairwise.record_choice(session, participant, winner_id=winner_id, loser_id=loser_id)
    return {
        "winner_id": body["winner_id"],
        "left_id": body["winner_id"],
        "right_id": body["loser_id"],
        "skipped": False,
    }
