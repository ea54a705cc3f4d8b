"""/api/v1 candidate standards and the merging of duplicate ideas."""

from flask import jsonify

from feedback_app.api.auth import require_staff
from feedback_app.api.blueprint import bp
from feedback_app.api.parsing import JsonInput
from feedback_app.api.serializers import standard_json
from feedback_app.services.duplicates import merge_ideas
from feedback_app.services.ideas import get_idea
from feedback_app.services.sessions import ensure_can_manage, ensure_can_view, get_session
from feedback_app.services.standards import scored_standards


@bp.get("/v1/sessions/<int:session_id>/standards")
def list_standards(session_id: int):
    """Candidate standards of a session, best supported first."""
    session = get_session(session_id)
    ensure_can_view(require_staff(), session)
    return jsonify([standard_json(item) for item in scored_standards(session)])


@bp.post("/v1/ideas/<int:idea_id>/merge")
def merge_duplicate(idea_id: int):
    """Merge this idea into another ({into_idea_id}): it is hidden, its voters move over."""
    duplicate = get_idea(idea_id)
    ensure_can_manage(require_staff(), get_session(duplicate.session_id))
    body = JsonInput()
    into_id = body.integer("into_idea_id", required=True)
    body.check()
    keep = merge_ideas(get_idea(into_id), duplicate)
    return jsonify(id=keep.id, text=keep.text, status=keep.status, merged_idea_id=duplicate.id)
