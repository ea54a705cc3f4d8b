"""/api/v1/ideas/<id>/vote: cast (idempotent) or remove a participant's vote."""

from flask import jsonify

from feedback_app.api.auth import require_participant
from feedback_app.api.blueprint import bp
from feedback_app.services.ideas import get_idea
from feedback_app.services.voting import cast_vote, remove_vote


@bp.post("/v1/ideas/<int:idea_id>/vote")
def vote(idea_id: int):
    """201 when a new vote is recorded, 200 when it already existed: still one vote."""
    participant = require_participant()
    idea = get_idea(idea_id)
    created = cast_vote(idea, participant)
    return jsonify(idea_id=idea.id, voted=True), 201 if created else 200


@bp.delete("/v1/ideas/<int:idea_id>/vote")
def unvote(idea_id: int):
    """Take the vote back; removing a vote that is not there is not an error."""
    participant = require_participant()
    idea = get_idea(idea_id)
    removed = remove_vote(idea, participant)
    return jsonify(idea_id=idea.id, voted=False, removed=removed)
