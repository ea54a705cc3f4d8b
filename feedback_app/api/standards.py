"""/api/v1 candidate standards and the merging of duplicate ideas."""

from feedback_app.api import auth
from feedback_app.api.blueprint import ApiBlueprint, errors
from feedback_app.api.schemas.clusters import CandidateStandardSchema
from feedback_app.api.schemas.ideas import MergedIdeaSchema, MergeIdeaSchema
from feedback_app.models import User
from feedback_app.services import access
from feedback_app.services.duplicates import merge_ideas
from feedback_app.services.public_ids import find_idea
from feedback_app.services.standards import scored_standards

bp = ApiBlueprint("standards", __name__, "Candidate standards and duplicate ideas.")


@bp.get("/sessions/<int:session_id>/standards")
@auth.staff()
@bp.response(200, CandidateStandardSchema(many=True))
@errors(404)
def list_standards(user: User, session_id: int):
    """Candidate standards of a session, best supported first."""
    return scored_standards(access.viewable_session(user, session_id))


@bp.post("/ideas/<pid:idea_id>/merge")
@auth.staff()
@bp.body(MergeIdeaSchema)
@bp.response(200, MergedIdeaSchema)
@errors(404)
def merge_duplicate(user: User, body: dict, idea_id: str):
    """Merge this idea into another ({into_idea_id}): it is hidden, its voters move over."""
    duplicate, _ = access.moderated_idea(user, idea_id)
    keep = merge_ideas(find_idea(body["into_idea_id"]), duplicate, actor=user)
    return {
        "public_id": keep.public_id,
        "text": keep.text,
        "status": keep.status,
        "merged_idea_id": duplicate.public_id,
    }
